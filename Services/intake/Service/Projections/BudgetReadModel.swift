import Contracts
import Domain
import Foundation
import Postgres

/// Regional coupon budgets per fiscal year (`intake.budgets`, whose `version` is the `ETag` and
/// moves on when the allocated amount changes) and the last amount matching refused for each
/// (`intake.budget_refusals`, with the client that asked), from matching's events; and every such
/// event of a budget in its ledger (`intake.budget_ledger`). A replayed older event changes nothing.
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
        if budget.change == "set" {
            try await connection.execute("""
                UPDATE intake.budgets SET set_at = greatest(set_at, \(budget.updatedAt))
                WHERE fiscal_year = \(budget.fiscalYear) AND region = \(budget.region.rawValue)
                """)
        }
        try await connection.execute("""
            INSERT INTO intake.budget_ledger (event_id, fiscal_year, region, at, change, request_id, allocated_baht, held_baht,
                committed_baht, spent_baht, released_baht, available_baht)
            VALUES (\(event.header.id), \(budget.fiscalYear), \(budget.region.rawValue), \(budget.updatedAt), \(budget.change),
                \(budget.requestId), \(budget.allocatedBaht), \(budget.heldBaht ?? 0), \(budget.committedBaht), \(budget.spentBaht),
                \(budget.releasedBaht), \(budget.availableBaht))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }

    static func apply(_ event: CloudEvent<BudgetSetRefused>, on connection: PostgresConnection) async throws {
        let refused = event.data
        try await connection.execute("""
            INSERT INTO intake.budget_refusals (fiscal_year, region, requested_baht, minimum_baht, reason, refused_at, set_by)
            VALUES (\(refused.fiscalYear), \(refused.region.rawValue), \(refused.requestedBaht), \(refused.minimumBaht),
                \(refused.reason), \(refused.refusedAt), \(refused.setBy.clientId))
            ON CONFLICT (fiscal_year, region) DO UPDATE SET requested_baht = EXCLUDED.requested_baht,
                minimum_baht = EXCLUDED.minimum_baht, reason = EXCLUDED.reason, refused_at = EXCLUDED.refused_at,
                set_by = EXCLUDED.set_by
            WHERE intake.budget_refusals.refused_at <= EXCLUDED.refused_at
            """)
        // The ledger shows the budget's totals as they stood when the amount was refused.
        try await connection.execute("""
            INSERT INTO intake.budget_ledger (event_id, fiscal_year, region, at, change, allocated_baht, held_baht, committed_baht,
                spent_baht, released_baht, available_baht, requested_baht, minimum_baht)
            SELECT \(event.header.id), \(refused.fiscalYear), \(refused.region.rawValue), \(refused.refusedAt), 'refused',
                   COALESCE(b.allocated_baht, 0), COALESCE(b.held_baht, 0), COALESCE(b.committed_baht, 0), COALESCE(b.spent_baht, 0),
                   COALESCE(b.released_baht, 0), COALESCE(b.available_baht, 0), \(refused.requestedBaht), \(refused.minimumBaht)
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN intake.budgets b ON b.fiscal_year = \(refused.fiscalYear) AND b.region = \(refused.region.rawValue)
            ON CONFLICT (event_id) DO NOTHING
            """)
    }
}
