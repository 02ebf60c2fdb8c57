import CodeSealing
import Contracts
import Foundation
import Messaging
import Postgres

/// LINE linking: linking codes for a contact person (stored as HMACs, single use, 10 minutes), the
/// link a LINE message with a valid code makes, and the unlink an unfollow makes. Each change to a
/// person's LINE id is a `contact.upserted` on `otop.contacts` (notifications learns the id there).
struct LineLinkStore: Sendable {
    let pool: PostgresPool
    let key: CodeKey

    /// What a webhook event came to (stored as the event's outcome).
    enum Outcome: String, Equatable {
        case linked
        case unlinked
        /// A message without a valid (known, unused, unexpired) linking code.
        case noValidCode
        /// The code's contact person no longer exists (the party's persons changed).
        case contactGone
        /// An unfollow by a LINE account linked to nobody.
        case notLinked
        /// An event type linking does not use (follow, postback, a sticker ...).
        case ignored
    }

    /// A new linking code for the party's contact person `index`; `nil` when the party has no such person.
    func create(party: UUID, index: Int, client: UUID, now: Date) async throws -> LineLinkView? {
        try await pool.withTransaction { connection in
            guard let record = try await ContactStore.contacts(of: party, on: connection, lock: false),
                  record.contacts.indices.contains(index) else { return nil }
            let expiresAt = now.addingTimeInterval(SignInSettings.linkCodeLifetime)
            var code = OneTimeCode.linkCode()
            // A billion codes and a handful alive: a collision is rare, but a code must name one person.
            while try await connection.execute("""
                INSERT INTO intake.line_link_codes (code_digest, party_id, contact_index, client_id, created_at, expires_at)
                VALUES (\(digest(code)), \(party), \(index), \(client), \(now), \(expiresAt))
                ON CONFLICT (code_digest) DO UPDATE SET party_id = EXCLUDED.party_id, contact_index = EXCLUDED.contact_index,
                    client_id = EXCLUDED.client_id, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
                    used_at = NULL
                WHERE intake.line_link_codes.used_at IS NOT NULL OR intake.line_link_codes.expires_at <= \(now)
                """) == 0 {
                code = OneTimeCode.linkCode()
            }
            try await connection.execute("""
                DELETE FROM intake.line_link_codes WHERE code_digest IN (
                    SELECT code_digest FROM intake.line_link_codes WHERE expires_at < \(now.addingTimeInterval(-86_400)) LIMIT 100)
                """)
            return LineLinkView(code: code, partyId: party, contactIndex: index, expiresAt: expiresAt)
        }
    }

    /// Links `lineUserID` to the person of the first valid linking code in `text`: sets the person's
    /// LINE id, adds LINE to their channels and publishes the party's contacts.
    func link(_ lineUserID: String, text: String, now: Date, on connection: PostgresConnection) async throws -> Outcome {
        for code in OneTimeCode.linkCodes(in: text) {
            let rows = try await connection.query("""
                SELECT party_id, contact_index FROM intake.line_link_codes
                WHERE code_digest = \(digest(code)) AND used_at IS NULL AND expires_at > \(now) FOR UPDATE
                """)
            guard let row = rows.first else { continue }
            try await connection.execute("UPDATE intake.line_link_codes SET used_at = \(now) WHERE code_digest = \(digest(code))")
            let party = try row.decode(UUID.self, column: "party_id"), index = try row.decode(Int.self, column: "contact_index")
            guard let record = try await ContactStore.contacts(of: party, on: connection, lock: true),
                  record.contacts.indices.contains(index) else { return .contactGone }
            var persons = record.contacts
            persons[index].lineUserId = lineUserID
            if !persons[index].channels.contains(.line) { persons[index].channels.append(.line) }
            try await save(persons, of: record, now: now, on: connection)
            return .linked
        }
        return .noValidCode
    }

    /// Unlinks `lineUserID` from every person it is linked to (the user blocked or unfollowed the
    /// official account: LINE refuses pushes to them). LINE leaves their channels; a person with no
    /// channel left gets e-mail or SMS if they have an address for it.
    func unlink(_ lineUserID: String, now: Date, on connection: PostgresConnection) async throws -> Outcome {
        let containment = try PostgresJSON([["lineuserid": lineUserID.lowercased()]])
        let parties = try await connection.query("""
            SELECT party_id FROM intake.contacts WHERE lower(contacts::text)::jsonb @> \(containment)::jsonb ORDER BY party_id
            """).map { try $0.decode(UUID.self, column: "party_id") }
        var unlinked = false
        for party in parties {
            guard let record = try await ContactStore.contacts(of: party, on: connection, lock: true) else { continue }
            var persons = record.contacts
            for index in persons.indices where persons[index].lineUserId == lineUserID {
                persons[index].lineUserId = nil
                persons[index].channels.removeAll { $0 == .line }
                if persons[index].channels.isEmpty {
                    if persons[index].email != nil { persons[index].channels = [.email] } else if persons[index].phone != nil { persons[index].channels = [.sms] }
                }
            }
            guard persons != record.contacts else { continue }
            try await save(persons, of: record, now: now, on: connection)
            unlinked = true
        }
        return unlinked ? .unlinked : .notLinked
    }

    private func save(_ persons: [ContactPerson], of record: ContactsRecord, now: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE intake.contacts SET contacts = \(try PostgresJSON(persons)), updated_at = \(now), version = version + 1
            WHERE party_id = \(record.partyID)
            """)
        try await ContactStore.publish(ContactsUpserted(partyId: record.partyID, partyKind: record.partyKind, partyName: record.partyName,
                                                        contacts: persons, region: record.region),
                                       now: now, on: connection)
    }

    private func digest(_ code: String) -> [UInt8] {
        key.digest(code, context: "line-link")
    }
}
