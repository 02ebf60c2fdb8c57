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
    }

    /// PDPA erasure. Returns the number of rows deleted (0 or 1).
    @discardableResult
    static func erase(_ party: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.execute("DELETE FROM notifications.recipients WHERE party_id = \(party)")
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

    /// Whether the party was ever known and then erased is not recorded (erasure leaves no trace):
    /// this says whether any contacts row exists now.
    static func exists(_ party: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query("SELECT 1 AS one FROM notifications.recipients WHERE party_id = \(party)").isEmpty
    }
}
