/// The topic catalogue: every business topic, its single writer, and how it is kept.
/// Each consumed topic has a dead-letter twin `<topic>.dlq`.
public enum Topic: String, Sendable, Hashable, CaseIterable, Codable {
    case enterprises = "otop.enterprises"
    case providers = "otop.providers"
    /// Personal contact details, keyed by party id, compacted; erased with a tombstone.
    case contacts = "otop.contacts"
    case requests = "otop.requests"
    case matchResponses = "otop.match-responses"
    case certificationReports = "otop.certification-reports"
    /// Officers' programme-level decisions (regional coupon budgets, allocation rounds), keyed by
    /// `<fiscal year>-<region>`.
    case programme = "otop.programme"
    case matches = "otop.matches"
    case certifications = "otop.certifications"
    case notifications = "otop.notifications"
    /// One-time sign-in codes on their way from intake to notifications (the code sealed, never in
    /// clear), keyed by the contact's party id; kept one day: a code is worthless after 10 minutes.
    case signIns = "otop.sign-ins"

    /// The topic's name on the broker.
    public var name: String { rawValue }

    /// The dead-letter topic for events consumed from this one.
    public var deadLetter: String { rawValue + ".dlq" }

    /// The one service allowed to write this topic.
    public var owner: ServiceName {
        switch self {
        case .enterprises, .providers, .contacts, .requests, .matchResponses, .certificationReports, .programme, .signIns: .intake
        case .matches: .matching
        case .certifications: .certification
        case .notifications: .notifications
        }
    }

    /// Compacted topics keep the latest value per key (and honour tombstones) instead of a time window.
    public var isCompacted: Bool { self == .contacts }

    /// How long the broker keeps the topic's events, when not its default (milliseconds).
    public var retentionMs: Int? { self == .signIns ? 86_400_000 : nil }

    /// The topic named `name`, if it is one of ours (not a dead-letter topic).
    public init?(name: String) {
        self.init(rawValue: name)
    }
}

/// The system's processes.
public enum ServiceName: String, Sendable, Hashable, CaseIterable, Codable {
    case intake
    case matching
    case certification
    case notifications
    case otopctl

    /// The CloudEvents `source` of events this service writes.
    public var eventSource: String { "/otop/\(rawValue)" }
}
