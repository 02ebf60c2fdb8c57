import Contracts
import Domain
import Foundation
import Postgres

/// Regional coupon budgets per fiscal year (`intake.budgets`, whose `version` is the `ETag` and
/// moves on when the allocated amount changes) and the last amount matching refused for each
/// (`intake.budget_refusals`), from matching's events. A replayed older event changes nothing.
enum BudgetReadModel {
    static func apply(_ event: CloudEvent<BudgetUpdated>, on connection: PostgresConnection) async throws {
        let budget = event.data
        try await connection.execute("""
            INSERT INTO intake.budgets (fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht,
                available_baht, last_change, updated_at)
            VALUES (\(budget.fiscalYear), \(budget.region.rawValue), \(budget.allocatedBaht), \(budget.heldBaht ?? 0),
                \(budget.committedBaht), \(budget.spentBaht), \(budget.releasedBaht), \(budget.availableBaht), \(budget.change),
                \(budget.updatedAt))
            ON CONFLICT (fiscal_year, region) DO UPDATE SET allocated_baht = EXCLUDED.allocated_baht,
                held_baht = EXCLUDED.held_baht, committed_baht = EXCLUDED.committed_baht, spent_baht = EXCLUDED.spent_baht,
                released_baht = EXCLUDED.released_baht, available_baht = EXCLUDED.available_baht,
                last_change = EXCLUDED.last_change, updated_at = EXCLUDED.updated_at,
                version = intake.budgets.version + (intake.budgets.allocated_baht <> EXCLUDED.allocated_baht)::int
            WHERE intake.budgets.updated_at <= EXCLUDED.updated_at
            """)
    }

    static func apply(_ event: CloudEvent<BudgetSetRefused>, on connection: PostgresConnection) async throws {
        let refused = event.data
        try await connection.execute("""
            INSERT INTO intake.budget_refusals (fiscal_year, region, requested_baht, minimum_baht, reason, refused_at)
            VALUES (\(refused.fiscalYear), \(refused.region.rawValue), \(refused.requestedBaht), \(refused.minimumBaht),
                \(refused.reason), \(refused.refusedAt))
            ON CONFLICT (fiscal_year, region) DO UPDATE SET requested_baht = EXCLUDED.requested_baht,
                minimum_baht = EXCLUDED.minimum_baht, reason = EXCLUDED.reason, refused_at = EXCLUDED.refused_at
            WHERE intake.budget_refusals.refused_at <= EXCLUDED.refused_at
            """)
    }
}
