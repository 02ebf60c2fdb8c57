import Contracts
import Domain
import Foundation

/// A party's contact persons as the API shows them (masked for roles that do not need them).
struct ContactsView: Codable, Sendable {
    var partyId: UUID
    var partyKind: String
    var partyName: String
    /// The region an officer's office looks after (officers only).
    var region: String?
    var contacts: [ContactPerson]
    /// Whether phone, e-mail and LINE ids are masked in this answer.
    var masked: Bool
    var updatedAt: Date

    init(_ record: ContactsRecord, for client: APIClient) {
        self.init(record, disclosure: client.seesPersonalData(of: record.partyID) ? .full : .masked)
    }

    /// The contacts as `disclosure` shows them (``Disclosure/handOff`` to the other party of an assignment).
    init(_ record: ContactsRecord, disclosure: Disclosure) {
        partyId = record.partyID
        partyKind = record.partyKind.rawValue
        partyName = record.partyName
        region = record.region?.rawValue
        masked = disclosure == .masked
        contacts = disclosure.apply(to: record.contacts)
        updatedAt = record.updatedAt
    }
}
