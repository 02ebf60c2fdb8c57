import Contracts
import Domain
import Foundation
import Postgres

/// Notifications' copy of the parties' contacts (from the compacted `otop.contacts` topic; dropped on
/// its tombstone). Addresses are read at send time and never copied into messages.
enum RecipientStore {
    static func upsert(_ party: ContactsUpserted, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO notifications.recipients (party_id, party_kind, party_name, region, contacts, updated_at)
            VALUES (\(party.partyId), \(party.partyKind.rawValue), \(party.partyName), \(party.region?.rawValue),
                    \(try PostgresJSON(party.contacts)), now())
            ON CONFLICT (party_id) DO UPDATE SET party_kind = EXCLUDED.party_kind, party_name = EXCLUDED.party_name,
                region = EXCLUDED.region, contacts = EXCLUDED.contacts, updated_at = now()
            """)
        // Contacts again (the party registered anew): it is reachable again.
        try await connection.execute("DELETE FROM notifications.erased_parties WHERE party_id = \(party.partyId)")
    }

    /// PDPA erasure: the contacts go, and the erasure is remembered so that the party's messages fail
    /// at once instead of waiting for contacts that will not come. Returns the rows deleted (0 or 1).
    @discardableResult
    static func erase(_ party: UUID, on connection: PostgresConnection) async throws -> Int {
        let deleted = try await connection.execute("DELETE FROM notifications.recipients WHERE party_id = \(party)")
        try await connection.execute("""
            INSERT INTO notifications.erased_parties (party_id) VALUES (\(party)) ON CONFLICT (party_id) DO NOTHING
            """)
        return deleted
    }

    /// Whether the party's contact persons were erased (and none arrived since).
    static func wasErased(_ party: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query("SELECT 1 AS erased FROM notifications.erased_parties WHERE party_id = \(party)").isEmpty
    }

    static func load(_ party: UUID, on connection: PostgresConnection) async throws -> Recipient? {
        let rows = try await connection.query("""
            SELECT party_id, party_kind, party_name, region, contacts FROM notifications.recipients WHERE party_id = \(party)
            """)
        return try rows.first.map(Recipient.init(row:))
    }

    /// The party's display name, if its contacts are known.
    static func name(of party: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT party_name FROM notifications.recipients WHERE party_id = \(party)")
            .first?.decode(String.self, column: "party_name")
    }

    /// The officers registered for `region`.
    static func officers(of region: Region, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query("""
            SELECT party_id FROM notifications.recipients
            WHERE party_kind = \(PartyKind.officer.rawValue) AND region = \(region.rawValue)
            ORDER BY party_id
            """).map { try $0.decode(UUID.self, column: "party_id") }
    }
}
