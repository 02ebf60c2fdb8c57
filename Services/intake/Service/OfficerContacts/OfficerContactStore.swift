import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Officers' contacts: an office with a region and its contact persons. Each change stores the
/// contacts (a new version, the `ETag` of the contacts) and appends the officer's `contact.upserted`
/// (personal data on the compacted `otop.contacts` topic only) in one transaction.
struct OfficerContactStore: Sendable {
    let pool: PostgresPool

    /// Registers an officer's office; answers the stored record.
    func registerOfficer(_ officer: OfficerContactsBody.Valid, id: UUID, now: Date) async throws -> ContactsRecord {
        let contacts = ContactsUpserted(partyId: id, partyKind: .officer, partyName: officer.name, contacts: officer.contacts,
                                        region: officer.region)
        return try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.contacts (party_id, party_kind, party_name, region, contacts, updated_at)
                VALUES (\(id), \(PartyKind.officer.rawValue), \(officer.name), \(officer.region.rawValue),
                        \(try PostgresJSON(officer.contacts)), now())
                """)
            try await ContactStore.publish(contacts, now: now, on: connection)
            return try await ContactStore.stored(id, on: connection)
        }
    }

    /// Officers' offices, newest first, filtered by the query's region; `region` limits them to a
    /// scoped officer's region.
    func officers(_ query: ListQuery, region: Region?) async throws -> [(record: ContactsRecord, position: String)] {
        let rows = try await pool.query("""
            SELECT c.party_id, c.party_kind, c.contacts, c.version, c.updated_at, NULL::text AS province_code, NULL::text AS profile,
                   c.party_name, c.region, c.created_at::text AS position
            FROM intake.contacts c
            WHERE c.party_kind = \(PartyKind.officer.rawValue)
              AND (\(region?.rawValue)::text IS NULL OR c.region = \(region?.rawValue))
              AND (\(query.region?.rawValue)::text IS NULL OR c.region = \(query.region?.rawValue))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (c.created_at, c.party_id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY c.created_at DESC, c.party_id DESC
            LIMIT \(query.limit + 1)
            """)
        return try rows.map { (try ContactsRecord(row: $0), try $0.decode(String.self, column: "position")) }
    }

    /// Replaces an officer's name, region and contact persons under the row lock (`check` sees the
    /// current record: scope and `If-Match`); `nil` when `id` is no officer.
    func updateOfficer(_ officer: OfficerContactsBody.Valid, id: UUID, now: Date,
                       check: (ContactsRecord) throws -> Void) async throws -> ContactsRecord? {
        let contacts = ContactsUpserted(partyId: id, partyKind: .officer, partyName: officer.name, contacts: officer.contacts,
                                        region: officer.region)
        return try await pool.withTransaction { connection in
            guard let current = try await ContactStore.contacts(of: id, on: connection, lock: true),
                  current.partyKind == .officer else { return nil }
            try check(current)
            try await connection.execute("""
                UPDATE intake.contacts SET party_name = \(officer.name), region = \(officer.region.rawValue),
                    contacts = \(try PostgresJSON(officer.contacts)), updated_at = now(), version = version + 1
                WHERE party_id = \(id)
                """)
            try await ContactStore.publish(contacts, now: now, on: connection)
            return try await ContactStore.stored(id, on: connection)
        }
    }
}
