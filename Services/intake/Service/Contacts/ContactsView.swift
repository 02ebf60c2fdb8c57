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
        partyId = record.partyID
        partyKind = record.partyKind.rawValue
        partyName = record.partyName
        region = record.region?.rawValue
        masked = !client.seesPersonalData(of: record.partyID)
        contacts = masked ? record.contacts.map(Masking.contact) : record.contacts
        updatedAt = record.updatedAt
    }
}
