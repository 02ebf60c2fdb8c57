import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Officers' contacts (an office with a region and its contact persons) and every party's contact
/// preferences. Each change stores the contacts and appends the party's `contact.upserted` (personal
/// data on the compacted `otop.contacts` topic only) in one transaction.
public struct ContactPreferencesStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// What a preferences change came to.
    enum Outcome {
        case updated(ContactsUpserted)
        case noSuchParty
    }

    func registerOfficer(_ officer: OfficerContactsBody.Valid, id: UUID, now: Date) async throws -> ContactsUpserted {
        let contacts = ContactsUpserted(partyId: id, partyKind: .officer, partyName: officer.name, contacts: officer.contacts,
                                        region: officer.region)
        try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.contacts (party_id, party_kind, party_name, region, contacts, updated_at)
                VALUES (\(id), \(PartyKind.officer.rawValue), \(officer.name), \(officer.region.rawValue),
                        \(try PostgresJSON(officer.contacts)), now())
                """)
            try await emit(contacts, now: now, on: connection)
        }
        return contacts
    }

    /// Replaces an officer's name, region and contact persons; `noSuchParty` when `id` is no officer.
    func updateOfficer(_ officer: OfficerContactsBody.Valid, id: UUID, now: Date) async throws -> Outcome {
        let contacts = ContactsUpserted(partyId: id, partyKind: .officer, partyName: officer.name, contacts: officer.contacts,
                                        region: officer.region)
        return try await pool.withTransaction { connection in
            let updated = try await connection.execute("""
                UPDATE intake.contacts SET party_name = \(officer.name), region = \(officer.region.rawValue),
                    contacts = \(try PostgresJSON(officer.contacts)), updated_at = now()
                WHERE party_id = \(id) AND party_kind = \(PartyKind.officer.rawValue)
                """)
            guard updated == 1 else { return .noSuchParty }
            try await emit(contacts, now: now, on: connection)
            return .updated(contacts)
        }
    }

    /// Applies one contact person's preference change (validated by `body` against the stored
    /// persons, under the row's lock).
    func updatePreferences(partyID: UUID, body: ContactPreferencesBody, now: Date) async throws -> Outcome {
        try await pool.withTransaction { connection in
            guard let row = try await connection.query("""
                SELECT c.party_kind, c.contacts, c.region,
                       coalesce(c.party_name, e.name, p.name) AS party_name
                FROM intake.contacts c
                LEFT JOIN intake.enterprises e ON e.id = c.party_id
                LEFT JOIN intake.providers p ON p.id = c.party_id
                WHERE c.party_id = \(partyID)
                FOR UPDATE OF c
                """).first else { return .noSuchParty }
            let kindText = try row.decode(String.self, column: "party_kind")
            guard let kind = PartyKind(rawValue: kindText) else {
                throw PostgresError(code: .decoding, message: "column 'party_kind': unknown PartyKind '\(kindText)'", column: "party_kind")
            }
            var region: Region?
            if let regionText = try row.decode(String?.self, column: "region") {
                guard let value = Region(rawValue: regionText) else {
                    throw PostgresError(code: .decoding, message: "column 'region': unknown Region '\(regionText)'", column: "region")
                }
                region = value
            }
            let persons = try row.decodeJSON([ContactPerson].self, column: "contacts")
            let updated = try body.applied(to: persons)
            try await connection.execute("""
                UPDATE intake.contacts SET contacts = \(try PostgresJSON(updated)), updated_at = now() WHERE party_id = \(partyID)
                """)
            let contacts = ContactsUpserted(partyId: partyID, partyKind: kind, partyName: try row.decode(String.self, column: "party_name"),
                                            contacts: updated, region: region)
            try await emit(contacts, now: now, on: connection)
            return .updated(contacts)
        }
    }

    private func emit(_ contacts: ContactsUpserted, now: Date, on connection: PostgresConnection) async throws {
        let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: contacts.aggregateID)
        try await events.emit(contacts, time: now, on: connection)
    }
}
