import Domain
import Foundation

/// `th.otop.notification.delivered.v1` on `otop.notifications`: a message reached its channel's
/// server (SMTP accepted it, the LINE API answered 200...). No addresses: the recipient is a party id.
public struct NotificationDelivered: EventPayload, Hashable {
    public static let eventType = "th.otop.notification.delivered.v1"
    public static let topic = Topic.notifications

    public var notificationId: UUID
    public var template: String
    public var channel: ContactChannel
    public var recipientPartyId: UUID
    public var recipientPartyKind: PartyKind
    /// The request the message is about, when it is about one.
    public var requestId: UUID?
    /// The event that caused the message.
    public var causeEventId: UUID
    public var deliveredAt: Date

    public init(notificationId: UUID, template: String, channel: ContactChannel, recipientPartyId: UUID,
                recipientPartyKind: PartyKind, requestId: UUID?, causeEventId: UUID, deliveredAt: Date) {
        self.notificationId = notificationId
        self.template = template
        self.channel = channel
        self.recipientPartyId = recipientPartyId
        self.recipientPartyKind = recipientPartyKind
        self.requestId = requestId
        self.causeEventId = causeEventId
        self.deliveredAt = deliveredAt
    }

    public var aggregateID: String { notificationId.lowercased }
    public var subject: String { "notification/\(aggregateID)" }
}

/// `th.otop.notification.failed.v1` on `otop.notifications`: a message could not be delivered
/// (permanently, or after its retries ran out), and why.
public struct NotificationFailed: EventPayload, Hashable {
    public static let eventType = "th.otop.notification.failed.v1"
    public static let topic = Topic.notifications

    public var notificationId: UUID
    public var template: String
    public var channel: ContactChannel?
    public var recipientPartyId: UUID
    public var recipientPartyKind: PartyKind
    public var requestId: UUID?
    public var causeEventId: UUID
    public var reason: String
    public var attempts: Int
    public var failedAt: Date

    public init(notificationId: UUID, template: String, channel: ContactChannel?, recipientPartyId: UUID,
                recipientPartyKind: PartyKind, requestId: UUID?, causeEventId: UUID, reason: String,
                attempts: Int, failedAt: Date) {
        self.notificationId = notificationId
        self.template = template
        self.channel = channel
        self.recipientPartyId = recipientPartyId
        self.recipientPartyKind = recipientPartyKind
        self.requestId = requestId
        self.causeEventId = causeEventId
        self.reason = reason
        self.attempts = attempts
        self.failedAt = failedAt
    }

    public var aggregateID: String { notificationId.lowercased }
    public var subject: String { "notification/\(aggregateID)" }
}
