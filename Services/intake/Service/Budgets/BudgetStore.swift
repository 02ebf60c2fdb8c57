import Contracts
import Domain
import Foundation
import Postgres

/// Regional coupon budgets per fiscal year, as intake's read model keeps them from matching's
/// events (``BudgetReadModel``).
struct BudgetStore: Sendable {
    let pool: PostgresPool

    func budgets(fiscalYear: Int) async throws -> [BudgetView] {
        let refusals = try await pool.query("""
            SELECT region, requested_baht, minimum_baht, reason, refused_at FROM intake.budget_refusals
            WHERE fiscal_year = \(fiscalYear)
            """)
        var refused: [String: BudgetView.Refusal] = [:]
        for row in refusals {
            refused[try row.decode(String.self, column: "region")] = BudgetView.Refusal(
                requestedBaht: try row.decode(Int.self, column: "requested_baht"),
                minimumBaht: try row.decode(Int.self, column: "minimum_baht"),
                reason: try row.decode(String.self, column: "reason"), refusedAt: try row.decode(Date.self, column: "refused_at"))
        }
        var views = try await pool.query("""
            SELECT \(sql: BudgetView.columns) FROM intake.budgets WHERE fiscal_year = \(fiscalYear) ORDER BY region
            """).map(BudgetView.init(row:))
        for index in views.indices { views[index].lastRefusal = refused[views[index].region.rawValue] }
        return views
    }

    /// One region's budget of a fiscal year and its version (the `ETag`; it moves on when the
    /// allocated amount changes), `nil` when matching has published none yet.
    func budget(fiscalYear: Int, region: Region) async throws -> (view: BudgetView, version: EntityVersion)? {
        guard let row = try await pool.query("""
            SELECT \(sql: BudgetView.columns), version FROM intake.budgets WHERE fiscal_year = \(fiscalYear) AND region = \(region.rawValue)
            """).first else { return nil }
        var view = try BudgetView(row: row)
        view.lastRefusal = try await budgets(fiscalYear: fiscalYear).first { $0.region == region }?.lastRefusal
        return (view, EntityVersion(number: try row.decode(Int.self, column: "version")))
    }
}
