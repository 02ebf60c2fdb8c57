import Contracts
import Domain
import Foundation
import Postgres

/// A party's contact persons as stored.
struct ContactsRecord: Sendable {
    var partyID: UUID
    var partyKind: PartyKind
    var contacts: [ContactPerson]
    var version: EntityVersion
    var updatedAt: Date
    /// The enterprise's province, or the provider's served provinces and regions (for scope).
    var provinceCode: String?
    var provider: ProviderRegistered?
    var partyName: String
    /// The region an officer's office looks after (officers only).
    var region: Region?

    private static let decoder = EventCoding.decoder

    init(row: PostgresRow) throws {
        partyID = try row.decode(UUID.self, column: "party_id")
        partyKind = try row.decode(PartyKind.self, column: "party_kind")
        contacts = try row.decodeJSON([ContactPerson].self, column: "contacts")
        version = EntityVersion(number: try row.decode(Int.self, column: "version"))
        updatedAt = try row.decode(Date.self, column: "updated_at")
        provinceCode = try row.decode(String?.self, column: "province_code")
        provider = try row.decode(String?.self, column: "profile") == nil ? nil
            : try row.decodeJSON(ProviderRegistered.self, column: "profile", decoder: Self.decoder)
        partyName = try row.decode(String?.self, column: "party_name") ?? ""
        region = try row.decode(String?.self, column: "region").map { text in
            guard let region = Region(rawValue: text) else {
                throw PostgresError(code: .decoding, message: "column 'region': unknown Region '\(text)'", column: "region")
            }
            return region
        }
    }
}
