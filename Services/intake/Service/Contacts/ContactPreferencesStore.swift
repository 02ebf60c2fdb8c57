import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Every party's contact preferences (channels, language, optional messages). Each change stores
/// the contacts (a new version, the `ETag` of the contacts) and appends the party's
/// `contact.upserted` (personal data on the compacted `otop.contacts` topic only) in one transaction.
public struct ContactPreferencesStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Applies one contact person's preference change (validated by `body` against the stored
    /// persons) under the row lock, after `check` (scope and `If-Match`); `nil` when the party has
    /// no contacts stored.
    func updatePreferences(partyID: UUID, body: ContactPreferencesBody, now: Date,
                           check: (ContactsRecord) throws -> Void) async throws -> ContactsRecord? {
        try await pool.withTransaction { connection in
            guard let current = try await ContactStore.contacts(of: partyID, on: connection, lock: true) else { return nil }
            try check(current)
            let updated = try body.applied(to: current.contacts)
            try await connection.execute("""
                UPDATE intake.contacts SET contacts = \(try PostgresJSON(updated)), updated_at = now(), version = version + 1
                WHERE party_id = \(partyID)
                """)
            let contacts = ContactsUpserted(partyId: partyID, partyKind: current.partyKind, partyName: current.partyName,
                                            contacts: updated, region: current.region)
            try await ContactStore.publish(contacts, now: now, on: connection)
            return try await ContactStore.stored(partyID, on: connection)
        }
    }
}
