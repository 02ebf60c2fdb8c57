import Contracts
import Domain
import Foundation
import Postgres

/// The proposals matching made, as intake's read model keeps them (``ProposalReadModel``).
struct ProposalStore: Sendable {
    let pool: PostgresPool

    func proposal(_ id: UUID) async throws -> ProposalView? {
        try await pool.query("SELECT \(sql: ProposalView.columns) FROM intake.proposals WHERE id = \(id)")
            .first.map(ProposalView.init(row:))
    }

    /// The province of the request a proposal is for (scope checks).
    func provinceOfRequest(_ id: UUID) async throws -> String? {
        try await pool.query("SELECT province_code FROM intake.requests WHERE id = \(id)").first?.decode(String.self, column: "province_code")
    }

    /// Proposals `client` may see, newest first: a provider its own, an enterprise those of its
    /// requests, an officer scoped to a region those of its region's requests, officers and operators all.
    /// Proposals visible to `client`, newest first, `limit + 1` rows from the query's cursor, each
    /// with its position (`created_at` as PostgreSQL writes it) for the next page's cursor.
    func proposals(visibleTo client: APIClient, status: ProposalStatus?, request: UUID?,
                   query: ListQuery) async throws -> [(position: String, view: ProposalView)] {
        let scope = client.scopedProvinceCodes
        return try await pool.query("""
            SELECT \(sql: ProposalView.columns), created_at::text AS position FROM intake.proposals
            WHERE (\(client.providerID)::uuid IS NULL OR provider_id = \(client.providerID))
              AND (\(scope)::text[] IS NULL OR request_id IN (
                    SELECT r.id FROM intake.requests r WHERE r.province_code = ANY(\(scope))))
              AND (\(client.enterpriseID)::uuid IS NULL OR enterprise_id = \(client.enterpriseID))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(request)::uuid IS NULL OR request_id = \(request))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (created_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try ProposalView(row: $0)) }
    }
}
