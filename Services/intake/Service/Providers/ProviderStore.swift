import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Providers: each change stores the profile and publishes it as `ProviderRegistered` (a later one
/// with the same id replaces the profile in matching) in one transaction.
public struct ProviderStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    func register(_ p: RegisterProviderBody.Valid, now: Date) async throws -> ProviderRecord {
        let profile = p.profile
        let contacts = ContactsUpserted(partyId: profile.providerId, partyKind: .provider, partyName: profile.name,
                                        contacts: p.contacts)
        return try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified, created_at, updated_at)
                VALUES (\(profile.providerId), \(profile.name), \(profile.kind.rawValue), \(try PostgresJSON(profile, encoder: EventCoding.sharedEncoder)),
                        \(profile.capacity), \(profile.qualified), \(now), \(now))
                """)
            try await ContactStore.store(contacts, on: connection)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: profile.aggregateID)
            try await events.emit(profile, time: now, on: connection)
            try await events.emit(contacts, time: now, on: connection)
            guard let record = try await Self.provider(id: profile.providerId, on: connection, lock: false) else {
                throw PostgresError(code: .decoding, message: "provider \(profile.providerId) vanished in its own transaction", column: nil)
            }
            return record
        }
    }

    /// Whether provider `id` is registered.
    func exists(id: UUID) async throws -> Bool {
        try await !pool.query("SELECT 1 AS one FROM intake.providers WHERE id = \(id)").isEmpty
    }

    func provider(id: UUID) async throws -> ProviderRecord? {
        try await pool.withConnection { connection in try await Self.provider(id: id, on: connection, lock: false) }
    }

    private static func provider(id: UUID, on connection: PostgresConnection, lock: Bool) async throws -> ProviderRecord? {
        let rows = lock
            ? try await connection.query("""
                SELECT profile, version, updated_at, created_at::text AS position, \(sql: ProviderRecord.activeAssignments)
                FROM intake.providers v WHERE id = \(id) FOR UPDATE
                """)
            : try await connection.query("""
                SELECT profile, version, updated_at, created_at::text AS position, \(sql: ProviderRecord.activeAssignments)
                FROM intake.providers v WHERE id = \(id)
                """)
        return try rows.first.map(ProviderRecord.init(row:))
    }

    /// Providers newest first, `limit + 1` rows: only `only` (a provider client), only those serving
    /// `region` (a scoped officer), filtered as `query` says and matching `search` (the name contains
    /// it, or a contact's phone equals it).
    func list(_ query: ListQuery, only: UUID?, scope: Region?, search: SearchQuery? = nil) async throws -> [ProviderRecord] {
        let scopeProvinces = scope.map(Province.codes(in:))
        let regionProvinces = query.region.map(Province.codes(in:))
        let rows = try await pool.query("""
            SELECT profile, version, updated_at, created_at::text AS position, \(sql: ProviderRecord.activeAssignments)
            FROM intake.providers v
            WHERE (\(only)::uuid IS NULL OR id = \(only))
              AND (\(scope?.rawValue)::text IS NULL OR profile->'regions' ? \(scope?.rawValue)
                   OR profile->'provinceCodes' ?| \(scopeProvinces))
              AND (\(query.region?.rawValue)::text IS NULL OR profile->'regions' ? \(query.region?.rawValue)
                   OR profile->'provinceCodes' ?| \(regionProvinces))
              AND (\(query.province?.isoCode)::text IS NULL OR profile->'provinceCodes' ? \(query.province?.isoCode)
                   OR profile->'regions' ? \(query.province?.region.rawValue))
              AND (\(query.productType?.rawValue)::text IS NULL OR profile->'productTypes' ? \(query.productType?.rawValue))
              AND (\(query.qualified)::boolean IS NULL OR qualified = \(query.qualified))
              AND (\(sql: SearchQuery.unlessSearching(search)) id IN (
                    SELECT s.id FROM intake.providers s WHERE intake.search_text(s.name) LIKE intake.search_text(\(search?.pattern))
                    UNION ALL
                    SELECT c.party_id FROM intake.contacts c
                    WHERE intake.contact_phones(c.contacts) @> ARRAY[\(search?.phone)::text] AND c.party_kind = 'provider'))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (created_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """)
        return try rows.map(ProviderRecord.init(row:))
    }

    /// Changes a profile under its row lock (`change` checks scope and `If-Match` and returns the new
    /// profile) and publishes it. `nil` when there is no such provider.
    func update(id: UUID, now: Date, _ change: (ProviderRecord) throws -> ProviderRegistered) async throws -> ProviderRecord? {
        try await pool.withTransaction { connection in
            guard let current = try await Self.provider(id: id, on: connection, lock: true) else { return nil }
            let profile = try change(current)
            try await connection.execute("""
                UPDATE intake.providers
                SET name = \(profile.name), kind = \(profile.kind.rawValue), profile = \(try PostgresJSON(profile, encoder: EventCoding.sharedEncoder)),
                    capacity = \(profile.capacity), qualified = \(profile.qualified), version = version + 1, updated_at = \(now)
                WHERE id = \(id)
                """)
            try await EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: profile.aggregateID)
                .emit(profile, time: now, on: connection)
            // The party name on otop.contacts follows the provider's name.
            if profile.name != current.profile.name {
                try await ContactStore.rename(party: id, name: profile.name, now: now, on: connection)
            }
            return try await Self.provider(id: id, on: connection, lock: false)
        }
    }

    /// A provider's record over all fiscal years (`GET /v1/providers/{id}` only): its proposals and how
    /// they ended, its assignments and how they ended, ratings, and certificates issued (not renewals)
    /// for requests assigned to it (assignments not withdrawn).
    func record(of id: UUID) async throws -> ProviderView.Record {
        let row = try await pool.query("""
            SELECT
              (SELECT count(*) FROM intake.proposals p WHERE p.provider_id = \(id))::int AS proposals,
              (SELECT count(*) FROM intake.proposals p WHERE p.provider_id = \(id)
                 AND p.status = ANY(\([ProposalStatus.accepted.rawValue, ProposalStatus.confirmed.rawValue])))::int AS accepted,
              (SELECT count(*) FROM intake.proposals p WHERE p.provider_id = \(id) AND p.status = \(ProposalStatus.declined.rawValue))::int AS declined,
              (SELECT count(*) FROM intake.proposals p WHERE p.provider_id = \(id) AND p.status = \(ProposalStatus.expired.rawValue))::int AS expired,
              count(a.request_id)::int AS assignments,
              (count(a.request_id) FILTER (WHERE a.completed_at IS NOT NULL))::int AS completed,
              (count(a.request_id) FILTER (WHERE a.withdrawal = \(AssignmentWithdrawal.assignment.rawValue)))::int AS withdrawn,
              (count(a.request_id) FILTER (WHERE a.rated_at IS NOT NULL))::int AS rated,
              avg(a.rating)::float8 AS mean_rating,
              (SELECT count(*) FROM intake.certificates_obtained o
                 WHERE NOT o.renewal AND o.request_id IN (
                    SELECT x.request_id FROM intake.request_assignments x WHERE x.provider_id = \(id) AND x.withdrawn_at IS NULL))::int
                 AS certificates_obtained
            FROM intake.request_assignments a WHERE a.provider_id = \(id)
            """)[0]
        let completed = try row.decode(Int.self, column: "completed"), withdrawn = try row.decode(Int.self, column: "withdrawn")
        return ProviderView.Record(
            proposals: try row.decode(Int.self, column: "proposals"), accepted: try row.decode(Int.self, column: "accepted"),
            declined: try row.decode(Int.self, column: "declined"), expired: try row.decode(Int.self, column: "expired"),
            assignments: try row.decode(Int.self, column: "assignments"), completed: completed, withdrawn: withdrawn,
            completionRate: completed + withdrawn > 0 ? KPIStatistics.rounded(Double(completed) / Double(completed + withdrawn), places: 3) : nil,
            rated: try row.decode(Int.self, column: "rated"),
            meanRating: try row.decode(Double?.self, column: "mean_rating").map { KPIStatistics.rounded($0, places: 2) },
            certificatesObtained: try row.decode(Int.self, column: "certificates_obtained"))
    }
}
