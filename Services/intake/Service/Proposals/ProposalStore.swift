import Contracts
import Domain
import Foundation
import Postgres

/// The proposals matching made, as intake's read model keeps them (``ProposalReadModel``).
struct ProposalStore: Sendable {
    let pool: PostgresPool

    func proposal(_ id: UUID) async throws -> ProposalView? {
        try await pool.query("\(sql: ProposalView.selection) WHERE p.id = \(id)").first.map(ProposalView.init(row:))
    }

    /// The province of the request a proposal is for (scope checks).
    func provinceOfRequest(_ id: UUID) async throws -> String? {
        try await pool.query("SELECT province_code FROM intake.requests WHERE id = \(id)").first?.decode(String.self, column: "province_code")
    }

    /// Proposals visible to `client`, newest first: a provider its own, an enterprise those of its
    /// requests, an officer scoped to a region those of its region's requests, officers and
    /// operators all; filtered as `filters` says (overdue as of `now`). `limit + 1` rows from the
    /// query's cursor, each with its position (`created_at` as PostgreSQL writes it).
    func proposals(visibleTo client: APIClient, _ filters: ProposalFilters, query: ListQuery,
                   now: Date) async throws -> [(position: String, view: ProposalView)] {
        let scope = client.scopedProvinceCodes
        let statuses = filters.statuses?.map(\.rawValue)
        let waiting = ProposalFilters.waitingStatuses.map(\.rawValue)
        return try await pool.query("""
            \(sql: ProposalView.selection)
            WHERE (\(client.providerID)::uuid IS NULL OR p.provider_id = \(client.providerID))
              AND (\(scope)::text[] IS NULL OR r.province_code = ANY(\(scope)))
              AND (\(client.enterpriseID)::uuid IS NULL OR p.enterprise_id = \(client.enterpriseID))
              AND (\(statuses)::text[] IS NULL OR p.status = ANY(\(statuses)))
              AND (\(filters.requestID)::uuid IS NULL OR p.request_id = \(filters.requestID))
              AND (\(filters.providerID)::uuid IS NULL OR p.provider_id = \(filters.providerID))
              AND (\(filters.overdue)::boolean IS NULL OR \(filters.overdue) = (
                    (p.status = \(ProposalStatus.pending.rawValue) AND p.respond_by < \(now))
                    OR (p.status = \(ProposalStatus.expired.rawValue) AND r.status = ANY(\(waiting)))))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (p.created_at, p.id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY p.created_at DESC, p.id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try ProposalView(row: $0)) }
    }
}
