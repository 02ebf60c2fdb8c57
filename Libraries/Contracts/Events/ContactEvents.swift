import Domain
import Foundation

/// Who a party is (an enterprise, a provider, an officer).
public enum PartyKind: String, Sendable, Codable, Hashable, CaseIterable {
    case enterprise
    case provider
    case officer
}

/// A channel a person can be reached on.
public enum ContactChannel: String, Sendable, Codable, Hashable, CaseIterable {
    case email
    case sms
    case line
}

/// One contact person of a party. Personal data: travels only on `otop.contacts`.
public struct ContactPerson: Sendable, Codable, Hashable {
    public var name: String
    /// Role at the party, e.g. `ประธานกลุ่ม`, `ผู้ประสานงานโครงการ`.
    public var role: String?
    public var email: String?
    public var phone: String?
    public var lineUserId: String?
    /// `th` (default) or `en`.
    public var language: String
    /// Channels in order of preference (never empty: the programme's mandatory messages need one).
    public var channels: [ContactChannel]
    /// Added in v1 (optional, additive): `false` when the person switched off optional messages
    /// (courtesy updates such as "request received"); `nil` or `true` receives them. Mandatory
    /// messages always go out on ``channels``.
    public var optionalMessages: Bool?

    public init(name: String, role: String? = nil, email: String? = nil, phone: String? = nil,
                lineUserId: String? = nil, language: String = "th", channels: [ContactChannel] = [.email],
                optionalMessages: Bool? = nil) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
        self.lineUserId = lineUserId
        self.language = language
        self.channels = channels
        self.optionalMessages = optionalMessages
    }
}

/// `th.otop.contact.upserted.v1` on the compacted `otop.contacts` topic, keyed by party id: the
/// party's current contact persons. A tombstone (null value) for the key erases them (PDPA).
public struct ContactsUpserted: EventPayload, Hashable {
    public static let eventType = "th.otop.contact.upserted.v1"
    public static let topic = Topic.contacts

    public var partyId: UUID
    public var partyKind: PartyKind
    /// Display name of the party (an organisation, not a person), used in greetings.
    public var partyName: String
    public var contacts: [ContactPerson]
    /// Added in v1 (optional, additive): the region an officer looks after (officers' alerts and
    /// weekly digests go to the officers of a region); `nil` for enterprises and providers.
    public var region: Region?

    public init(partyId: UUID, partyKind: PartyKind, partyName: String, contacts: [ContactPerson], region: Region? = nil) {
        self.partyId = partyId
        self.partyKind = partyKind
        self.partyName = partyName
        self.contacts = contacts
        self.region = region
    }

    public var aggregateID: String { partyId.lowercased }
    public var subject: String { "\(partyKind.rawValue)/\(aggregateID)" }
}
