import Contracts
import Domain
import Foundation
import Postgres

/// What happened in each region (one row per counted event, idempotent by event id) and the latest
/// coupon budgets, for the weekly officer digest.
enum ActivityStore {
    static func record(_ kind: ActivityKind, event: UUID, region: Region, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO notifications.activity (event_id, region, kind, occurred_at)
            VALUES (\(event), \(region.rawValue), \(kind.rawValue), \(time))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }

    /// Keeps the newest figures of the budget's fiscal year and region.
    static func record(_ budget: BudgetUpdated, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO notifications.budgets (fiscal_year, region, allocated_baht, committed_baht, spent_baht, available_baht, updated_at)
            VALUES (\(budget.fiscalYear), \(budget.region.rawValue), \(budget.allocatedBaht), \(budget.committedBaht),
                    \(budget.spentBaht), \(budget.availableBaht), \(budget.updatedAt))
            ON CONFLICT (fiscal_year, region) DO UPDATE SET allocated_baht = EXCLUDED.allocated_baht,
                committed_baht = EXCLUDED.committed_baht, spent_baht = EXCLUDED.spent_baht,
                available_baht = EXCLUDED.available_baht, updated_at = EXCLUDED.updated_at
            WHERE notifications.budgets.updated_at <= EXCLUDED.updated_at
            """)
    }

    /// How many of each kind happened in `region` in `[from, to)`.
    static func counts(region: Region, from: Date, to: Date, on connection: PostgresConnection) async throws -> [ActivityKind: Int] {
        var counts: [ActivityKind: Int] = [:]
        for row in try await connection.query("""
            SELECT kind, count(*)::int8 AS n FROM notifications.activity
            WHERE region = \(region.rawValue) AND occurred_at >= \(from) AND occurred_at < \(to)
            GROUP BY kind
            """) {
            counts[try row.decode(ActivityKind.self, column: "kind")] = try row.decode(Int.self, column: "n")
        }
        return counts
    }

    /// The region's budget of the latest fiscal year notifications has heard of, if any.
    static func latestBudget(region: Region, on connection: PostgresConnection) async throws -> DigestFacts.Budget? {
        guard let row = try await connection.query("""
            SELECT fiscal_year, allocated_baht, committed_baht, spent_baht, available_baht FROM notifications.budgets
            WHERE region = \(region.rawValue) ORDER BY fiscal_year DESC LIMIT 1
            """).first else { return nil }
        return DigestFacts.Budget(fiscalYear: try row.decode(Int.self, column: "fiscal_year"),
                                  allocatedBaht: try row.decode(Int.self, column: "allocated_baht"),
                                  committedBaht: try row.decode(Int.self, column: "committed_baht"),
                                  spentBaht: try row.decode(Int.self, column: "spent_baht"),
                                  availableBaht: try row.decode(Int.self, column: "available_baht"))
    }
}
