import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Contact persons per party (personal data: kept here and on the compacted `otop.contacts` only).
public struct ContactStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static func store(_ contacts: ContactsUpserted, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.contacts (party_id, party_kind, contacts, updated_at)
            VALUES (\(contacts.partyId), \(contacts.partyKind.rawValue), \(try PostgresJSON(contacts.contacts)), now())
            ON CONFLICT (party_id) DO UPDATE SET contacts = EXCLUDED.contacts, updated_at = now(),
                                                 version = intake.contacts.version + 1
            """)
    }

    /// Publishes the party's contacts again under its new name.
    static func rename(party: UUID, name: String, now: Date, on connection: PostgresConnection) async throws {
        guard let record = try await contacts(of: party, on: connection, lock: true) else { return }
        try await EventEmitter(service: .intake, schema: IntakeService.schema)
            .emit(ContactsUpserted(partyId: party, partyKind: record.partyKind, partyName: name, contacts: record.contacts),
                  time: now, on: connection)
    }

    /// The record of a party just written in `connection`'s transaction.
    static func stored(_ id: UUID, on connection: PostgresConnection) async throws -> ContactsRecord {
        guard let record = try await contacts(of: id, on: connection, lock: false) else {
            throw PostgresError(code: .decoding, message: "the contacts of party \(id) just written are not there", column: "party_id")
        }
        return record
    }

    /// Appends the party's `contact.upserted`, correlated with the party (officers' offices and
    /// preference changes).
    static func publish(_ contacts: ContactsUpserted, now: Date, on connection: PostgresConnection) async throws {
        let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: contacts.aggregateID)
        try await events.emit(contacts, time: now, on: connection)
    }

    func contacts(of party: UUID) async throws -> ContactsRecord? {
        try await pool.withConnection { connection in try await Self.contacts(of: party, on: connection, lock: false) }
    }

    static func contacts(of party: UUID, on connection: PostgresConnection, lock: Bool) async throws -> ContactsRecord? {
        let rows = lock
            ? try await connection.query("""
                SELECT c.party_id, c.party_kind, c.contacts, c.version, c.updated_at, e.province_code, p.profile,
                       coalesce(c.party_name, e.name, p.name) AS party_name, c.region
                FROM intake.contacts c
                LEFT JOIN intake.enterprises e ON e.id = c.party_id
                LEFT JOIN intake.providers p ON p.id = c.party_id
                WHERE c.party_id = \(party) FOR UPDATE OF c
                """)
            : try await connection.query("""
                SELECT c.party_id, c.party_kind, c.contacts, c.version, c.updated_at, e.province_code, p.profile,
                       coalesce(c.party_name, e.name, p.name) AS party_name, c.region
                FROM intake.contacts c
                LEFT JOIN intake.enterprises e ON e.id = c.party_id
                LEFT JOIN intake.providers p ON p.id = c.party_id
                WHERE c.party_id = \(party)
                """)
        return try rows.first.map(ContactsRecord.init(row:))
    }

    /// Replaces a party's contact persons under the row lock (`change` checks scope and `If-Match`
    /// and returns the new list) and publishes them. `nil` when the party has none stored.
    func update(party: UUID, now: Date, _ change: (ContactsRecord) throws -> [ContactPerson]) async throws -> ContactsRecord? {
        try await pool.withTransaction { connection in
            guard let current = try await Self.contacts(of: party, on: connection, lock: true) else { return nil }
            let contacts = ContactsUpserted(partyId: party, partyKind: current.partyKind, partyName: current.partyName,
                                            contacts: try change(current), region: current.region)
            try await Self.store(contacts, on: connection)
            try await EventEmitter(service: .intake, schema: IntakeService.schema).emit(contacts, time: now, on: connection)
            return try await Self.contacts(of: party, on: connection, lock: false)
        }
    }

    /// Erases a party's contact persons (PDPA): deletes the row and publishes a tombstone on the
    /// compacted contacts topic so every copy is dropped. `false` when nothing was stored.
    func erase(party: UUID, _ authorize: (ContactsRecord) throws -> Void) async throws -> Bool {
        try await pool.withTransaction { connection in
            guard let current = try await Self.contacts(of: party, on: connection, lock: true) else { return false }
            try authorize(current)
            try await connection.execute("DELETE FROM intake.contacts WHERE party_id = \(party)")
            try await EventEmitter(service: .intake, schema: IntakeService.schema)
                .emitTombstone(.contacts, key: party.lowercased, on: connection)
            return true
        }
    }
}
