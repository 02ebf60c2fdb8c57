import Contracts
import Domain
import Foundation
import Postgres

/// Regional coupon budgets per fiscal year, as intake's read model keeps them from matching's
/// events (``BudgetReadModel``): every region's, set or not, with the last refusal while it is
/// newer than the last successful setting, and each budget's ledger.
struct BudgetStore: Sendable {
    let pool: PostgresPool

    /// The budgets of `regions` for `fiscalYear`, in the regions' order, each with its version (the
    /// `ETag`; 0 before it was set; it moves on when the allocated amount changes).
    func budgets(fiscalYear: Int, regions: [Region]) async throws -> [(view: BudgetView, version: EntityVersion)] {
        let rows = try await pool.query("""
            SELECT wanted.region, \(sql: BudgetView.columns),
                   f.requested_baht, f.minimum_baht, f.reason, f.refused_at, a.name AS set_by_name
            FROM unnest(\(regions.map(\.rawValue))::text[]) WITH ORDINALITY AS wanted (region, position)
            LEFT JOIN intake.budgets b ON b.fiscal_year = \(fiscalYear) AND b.region = wanted.region
            LEFT JOIN intake.budget_refusals f ON f.fiscal_year = \(fiscalYear) AND f.region = wanted.region
                 AND f.refused_at > COALESCE(b.set_at, '-infinity')
            LEFT JOIN intake.api_clients a ON a.id = f.set_by
            ORDER BY wanted.position
            """)
        return try rows.map { row in
            var view = try BudgetView(fiscalYear: fiscalYear, region: try row.decode(Region.self, column: "region"), row: row)
            if let requested = try row.decode(Int?.self, column: "requested_baht") {
                let minimum = try row.decode(Int.self, column: "minimum_baht")
                let reason = BudgetView.refusalReason(requested: requested, minimum: minimum)
                view.lastRefusal = BudgetView.Refusal(
                    requestedBaht: requested, minimumBaht: minimum, reason: try row.decode(String.self, column: "reason"),
                    reasonTH: reason.th, reasonEN: reason.en, setBy: try row.decode(String?.self, column: "set_by_name"),
                    refusedAt: try row.decode(Date.self, column: "refused_at"))
            }
            return (view, EntityVersion(number: try row.decode(Int?.self, column: "version") ?? 0))
        }
    }

    /// One region's budget of a fiscal year and its version.
    func budget(fiscalYear: Int, region: Region) async throws -> (view: BudgetView, version: EntityVersion) {
        try await budgets(fiscalYear: fiscalYear, regions: [region])[0]
    }

    /// The budget's ledger, newest first, `limit + 1` entries from the query's cursor.
    func ledger(fiscalYear: Int, region: Region, query: ListQuery) async throws -> [(position: String, entry: BudgetLedgerEntry)] {
        try await pool.query("""
            SELECT l.event_id, l.at, l.change, l.request_id, r.reference, l.allocated_baht, l.held_baht, l.committed_baht,
                   l.spent_baht, l.released_baht, l.available_baht, l.requested_baht, l.minimum_baht, l.at::text AS position
            FROM intake.budget_ledger l
            LEFT JOIN intake.requests r ON r.id = l.request_id
            WHERE l.fiscal_year = \(fiscalYear) AND l.region = \(region.rawValue)
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (l.at, l.event_id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY l.at DESC, l.event_id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), entry: try BudgetLedgerEntry(row: $0)) }
    }
}
