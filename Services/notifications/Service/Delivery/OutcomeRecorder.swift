import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Metrics
import Postgres

/// Recording the outcome of a send, in the message's transaction: the row's new status and the
/// `notification.delivered` / `notification.failed` event commit together; a message that failed for
/// good also queues an alert to the officers of its region.
struct OutcomeRecorder: Sendable {
    let configuration: DeliveryConfiguration
    let logger: Logger
    let metrics: any MetricsFactory

    init(configuration: DeliveryConfiguration, logger: Logger, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    func delivered(_ message: QueuedMessage, channel: ContactChannel, on connection: PostgresConnection) async throws {
        try await MessageStore.markSent(message.id, on: connection)
        let event = NotificationDelivered(
            notificationId: message.id, template: message.template.rawValue, channel: channel,
            recipientPartyId: message.recipientPartyID, recipientPartyKind: message.recipientKind,
            requestId: message.requestID, causeEventId: message.causeEventID, deliveredAt: Date())
        try await events(for: message).emit(event, on: connection)
        Counter(label: "otop_notifications_sent_total",
                dimensions: [("template", message.template.rawValue), ("channel", channel.rawValue)], factory: metrics).increment()
        let what = switch channel {
        case .email: "e-mail"
        case .line: "LINE message"
        case .sms: "SMS"
        }
        logger.info("\(what) delivered", metadata: [
            "notification_id": "\(message.id)", "template": "\(message.template.rawValue)", "channel": "\(channel.rawValue)"])
    }

    /// A failed attempt: retried with backoff while it is transient and attempts remain, else final.
    func attemptFailed(_ message: QueuedMessage, channel: ContactChannel, failure: DeliveryFailure,
                       on connection: PostgresConnection) async throws {
        let attempts = message.attempts + 1
        guard failure.isPermanent || attempts >= configuration.maxAttempts else {
            let delay = configuration.retry.delay(attempt: attempts)
            try await MessageStore.retry(message.id, after: delay, error: failure.description, on: connection)
            logger.warning("notification not accepted; will retry", metadata: [
                "notification_id": "\(message.id)", "channel": "\(channel.rawValue)", "attempts": "\(attempts)",
                "retry_in_ms": "\(Int(delay.seconds * 1000))", "error": "\(failure)"])
            return
        }
        let reason = failure.isPermanent ? failure.description : "gave up after \(attempts) attempts: \(failure.description)"
        try await failed(message, channel: channel, reason: reason, on: connection)
    }

    /// The message fails for good: status, `notification.failed`, and an alert to the region's officers.
    func failed(_ message: QueuedMessage, channel: ContactChannel?, reason: String, on connection: PostgresConnection) async throws {
        try await MessageStore.markFailed(message.id, reason: reason, on: connection)
        let failedAt = Date()
        let event = NotificationFailed(
            notificationId: message.id, template: message.template.rawValue, channel: channel,
            recipientPartyId: message.recipientPartyID, recipientPartyKind: message.recipientKind,
            requestId: message.requestID, causeEventId: message.causeEventID, reason: reason,
            attempts: message.attempts + 1, failedAt: failedAt)
        try await events(for: message).emit(event, on: connection)
        Counter(label: "otop_notifications_failed_total",
                dimensions: [("template", message.template.rawValue), ("channel", channel?.rawValue ?? "none")],
                factory: metrics).increment()
        logger.error("notification failed", metadata: [
            "notification_id": "\(message.id)", "template": "\(message.template.rawValue)",
            "channel": "\(channel?.rawValue ?? "none")", "reason": "\(reason)"])
        try await alertOfficers(about: message, channel: channel, reason: reason, failedAt: failedAt, on: connection)
    }

    /// Queues `delivery-failed-alert` to the officers of the message's region (every officer when the
    /// region is unknown). Messages to officers raise no alert (an alert about an alert would loop).
    private func alertOfficers(about message: QueuedMessage, channel: ContactChannel?, reason: String, failedAt: Date,
                               on connection: PostgresConnection) async throws {
        guard message.recipientKind != .officer else { return }
        var region = message.facts.region
        if region == nil, let request = message.requestID {
            region = try await RequestCopyStore.region(of: request, on: connection)
        }
        var officers: [UUID] = []
        for candidate in region.map({ [$0] }) ?? Region.allCases {
            officers += try await RecipientStore.officers(of: candidate, on: connection)
        }
        guard !officers.isEmpty else {
            logger.error("no officer to alert about a failed notification", metadata: [
                "notification_id": "\(message.id)", "region": "\(region?.rawValue ?? "unknown")"])
            return
        }
        let facts = DeliveryFailedFacts(
            notificationId: message.id, template: message.template, channel: channel,
            recipientPartyId: message.recipientPartyID, recipientPartyKind: message.recipientKind,
            recipientName: try await RecipientStore.name(of: message.recipientPartyID, on: connection),
            requestReference: try await message.requestID.asyncFlatMap { try await RequestCopyStore.summary($0, on: connection)?.reference },
            reason: reason, attempts: message.attempts + 1, failedAt: failedAt)
        for officer in officers {
            try await MessageStore.enqueue(.deliveryFailedAlert, cause: message.id, recipientID: officer, kind: .officer,
                                           recipient: try await RecipientStore.load(officer, on: connection),
                                           requestID: nil, facts: .deliveryFailed(facts), trace: TraceParent.current?.header,
                                           on: connection)
        }
    }

    /// A message's delivered/failed event is caused by the event that queued it, correlated with its
    /// request, in its trace (current while it is delivered).
    private func events(for message: QueuedMessage) -> EventEmitter {
        EventEmitter(service: .notifications, schema: NotificationsService.schema, causationID: message.causeEventID,
                     correlationID: message.requestID?.lowercased)
    }
}

extension Optional {
    /// `map` for an async transform.
    func asyncFlatMap<Result>(_ transform: (Wrapped) async throws -> Result?) async rethrows -> Result? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
