import Contracts
import Domain
import Foundation

/// What a message is about: the business facts of the event that caused it (stored with the message
/// row as JSON, so a message renders the same after a restart), or of the digest or alert that
/// notifications makes itself. The renderer turns them into template values.
enum MessageFacts: Sendable, Equatable, Codable {
    case requestSubmitted(RequestSubmitted)
    case screened(MatchScreened)
    case unmatched(MatchUnavailable)
    case proposed(MatchProposed)
    case accepted(MatchAccepted)
    case declined(MatchDeclined)
    case expired(MatchExpired)
    case withdrawn(MatchWithdrawn)
    case assigned(MatchAssigned)
    case workReported(MatchWorkReported)
    case stepChanged(CertificationStepChanged)
    case reminder(CertificationReminderDue)
    case deliveryFailed(DeliveryFailedFacts)
    case digest(DigestFacts)
    case signInCode(SignInCodeRequested)

    /// The provider the wording names (its name is looked up before the message is rendered).
    var providerID: UUID? {
        switch self {
        case .accepted(let event): event.providerId
        case .declined(let event): event.providerId
        case .expired(let event): event.providerId
        case .withdrawn(let event): event.providerId
        case .assigned(let event): event.providerId
        case .workReported(let event): event.providerId
        case .requestSubmitted, .screened, .unmatched, .proposed, .stepChanged, .reminder, .deliveryFailed, .digest, .signInCode: nil
        }
    }

    /// The other party `template`'s recipient is told how to reach: the enterprise for the assigned
    /// provider, the provider for the enterprise (issue 15's hand-off); `nil` for other messages.
    func counterpartID(for template: MessageTemplate) -> UUID? {
        switch (template, self) {
        case (.assignedProvider, .assigned(let event)): event.enterpriseId
        case (.assignedEnterprise, .assigned(let event)): event.providerId
        default: nil
        }
    }

    /// The region the facts belong to, when they say it themselves.
    var region: Region? {
        switch self {
        case .requestSubmitted(let event): Province.withCode(event.provinceCode)?.region
        case .assigned(let event): event.region
        case .stepChanged(let event): Province.withCode(event.provinceCode)?.region
        case .reminder(let event): Province.withCode(event.provinceCode)?.region
        case .digest(let digest): digest.region
        case .screened, .unmatched, .proposed, .accepted, .declined, .expired, .withdrawn, .workReported, .deliveryFailed, .signInCode: nil
        }
    }

    /// The one contact person and channel the message is for, when it is for one person only (a
    /// sign-in code goes to the address of the person who asked, on the channel they chose, even if
    /// that channel is not among their preferred ones); `nil`: every person on their channels.
    var onePerson: ChannelRouting.Person? {
        switch self {
        case .signInCode(let event): ChannelRouting.Person(index: event.contactIndex, channel: event.channel)
        default: nil
        }
    }
}

/// An officer alert's facts: which message failed for good, for whom, and why (no addresses).
struct DeliveryFailedFacts: Sendable, Equatable, Codable {
    var notificationId: UUID
    var template: MessageTemplate
    var channel: ContactChannel?
    var recipientPartyId: UUID
    var recipientPartyKind: PartyKind
    var recipientName: String?
    var requestReference: String?
    var reason: String
    var attempts: Int
    var failedAt: Date
}
