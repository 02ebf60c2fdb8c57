import Contracts
import Domain
import Foundation
import Postgres

/// The coupon budget ledger: one row per region and fiscal year (`matching.budgets`) with what the
/// officer allocated and what is held, committed, spent and released, and one coupon per request
/// (`matching.coupons`, ``Domain/CouponStatus``). Every change locks the region's row, so the budget
/// is a hard limit with any number of replicas; the table's CHECK is the last line of defence.
///
/// A region an officer has not set a budget for has no row: ``UnsetBudgetPolicy`` says whether it is
/// unlimited or closed. Its coupons are still recorded, and counted when the budget is set.
struct BudgetLedger: Sendable {
    let policy: UnsetBudgetPolicy

    /// A region's budget in a fiscal year.
    struct Row: Sendable, Hashable {
        var fiscalYear: Int
        var region: Region
        var allocated: Int
        var held: Int
        var committed: Int
        var spent: Int
        var released: Int

        static let columns: StaticString = "fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht"

        init(row: PostgresRow) throws {
            fiscalYear = try row.decode(Int.self, column: "fiscal_year")
            region = try row.decode(Region.self, column: "region")
            allocated = try row.decode(Int.self, column: "allocated_baht")
            held = try row.decode(Int.self, column: "held_baht")
            committed = try row.decode(Int.self, column: "committed_baht")
            spent = try row.decode(Int.self, column: "spent_baht")
            released = try row.decode(Int.self, column: "released_baht")
        }

        /// What new proposals may still take.
        var available: Int { allocated - held - committed - spent }

        func updated(change: BudgetChange, request: UUID?, at now: Date) -> BudgetUpdated {
            BudgetUpdated(fiscalYear: fiscalYear, region: region, allocatedBaht: allocated, committedBaht: committed,
                          spentBaht: spent, releasedBaht: released, availableBaht: available, change: change.rawValue,
                          requestId: request, updatedAt: now, heldBaht: held)
        }
    }

    /// What changed a budget (`BudgetUpdated.change`).
    enum BudgetChange: String, Sendable {
        case set, held, unheld, committed, released, spent, round
    }

    /// Locks and returns the region's row, `nil` when no budget was set.
    func lock(fiscalYear: Int, region: Region, on connection: PostgresConnection) async throws -> Row? {
        try await CapacityLock.take(on: connection)
        return try await connection.query("""
            SELECT \(sql: Row.columns) FROM matching.budgets
            WHERE fiscal_year = \(fiscalYear) AND region = \(region.rawValue) FOR UPDATE
            """).first.map(Row.init(row:))
    }

    /// Whether `amount` more can be held in the region now (locks its row until the transaction ends).
    func covers(_ amount: Int, fiscalYear: Int, region: Region, on connection: PostgresConnection) async throws -> Bool {
        try await shareRegion(fiscalYear: fiscalYear, region: region, on: connection)
        guard let row = try await lock(fiscalYear: fiscalYear, region: region, on: connection) else {
            return policy == .unlimited
        }
        return row.available >= amount
    }

    /// The request's coupon, if it has one.
    func couponStatus(request: UUID, on connection: PostgresConnection) async throws -> CouponStatus? {
        try await connection.query("SELECT status FROM matching.coupons WHERE request_id = \(request) FOR UPDATE")
            .first?.decode(CouponStatus.self, column: "status")
    }

    /// Moves the request's coupon to `target` and the ledger's totals with it, and announces the
    /// region's new totals (`budget.updated`) when the region has a budget. The caller has checked
    /// that the budget covers a new hold or commitment (``covers(_:fiscalYear:region:on:)``).
    func move(_ request: RequestRecord, to target: CouponStatus, context: JourneyContext) async throws {
        try await shareRegion(fiscalYear: request.fiscalYear, region: request.region, on: context.connection)
        let current = try await couponStatus(request: request.id, on: context.connection)
        let amount = request.coupon.programmeShareBaht
        var held = 0, committed = 0, spent = 0, released = 0
        let change: BudgetChange
        switch (current, target) {
        case (nil, .held), (.released?, .held):
            held = amount; change = .held
        case (.held?, .released):
            held = -amount; change = .unheld
        case (.held?, .committed):
            held = -amount; committed = amount; change = .committed
        case (nil, .committed), (.released?, .committed):
            committed = amount; change = .committed
        case (.committed?, .spent):
            committed = -amount; spent = amount; change = .spent
        case (.committed?, .released):
            committed = -amount; released = amount; change = .released
        default:
            throw LedgerError(request: request.id, from: current, to: target)
        }
        try await context.connection.execute("""
            INSERT INTO matching.coupons (request_id, fiscal_year, region, value_baht, enterprise_share_baht,
                programme_share_baht, status, updated_at)
            VALUES (\(request.id), \(request.fiscalYear), \(request.region.rawValue), \(request.coupon.valueBaht),
                \(request.coupon.enterpriseShareBaht), \(amount), \(target.rawValue), \(context.now))
            ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
            """)
        let rows = try await context.connection.query("""
            UPDATE matching.budgets SET held_baht = held_baht + \(held), committed_baht = committed_baht + \(committed),
                spent_baht = spent_baht + \(spent), released_baht = released_baht + \(released), updated_at = \(context.now)
            WHERE fiscal_year = \(request.fiscalYear) AND region = \(request.region.rawValue)
            RETURNING \(sql: Row.columns)
            """)
        if let row = try rows.first.map(Row.init(row:)) {
            let key = BudgetKey.of(fiscalYear: row.fiscalYear, region: row.region)
            try await context.emit(row.updated(change: change, request: request.id, at: context.now), correlationID: key)
        }
    }

    /// Applies an officer's `budget.set`: creates the region's row (counting coupons recorded before
    /// any budget was set) or changes its allocation. Returns the refusal when the amount is below
    /// what is already held, committed and spent.
    func set(_ command: BudgetSet, context: JourneyContext) async throws -> BudgetSetRefused? {
        let connection = context.connection
        let key = BudgetKey.of(fiscalYear: command.fiscalYear, region: command.region)
        // The first set of a region counts the coupons recorded so far: wait for transactions moving
        // coupons of the region (they hold the shared lock) and keep new ones out until commit.
        try await CapacityLock.take(on: connection)
        try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(Self.lockKey(key))))")
        var row = try await lock(fiscalYear: command.fiscalYear, region: command.region, on: connection)
        if row == nil {
            let sums = try await connection.query("""
                SELECT coalesce(sum(programme_share_baht) FILTER (WHERE status = \(CouponStatus.held.rawValue)), 0)::int8 AS held,
                       coalesce(sum(programme_share_baht) FILTER (WHERE status = \(CouponStatus.committed.rawValue)), 0)::int8 AS committed,
                       coalesce(sum(programme_share_baht) FILTER (WHERE status = \(CouponStatus.spent.rawValue)), 0)::int8 AS spent
                FROM matching.coupons WHERE fiscal_year = \(command.fiscalYear) AND region = \(command.region.rawValue)
                """)
            let held = try sums.first?.decode(Int.self, column: "held") ?? 0
            let committed = try sums.first?.decode(Int.self, column: "committed") ?? 0
            let spent = try sums.first?.decode(Int.self, column: "spent") ?? 0
            let minimum = held + committed + spent
            guard command.amountBaht >= minimum else {
                return refusal(command, minimum: minimum, at: context.now)
            }
            row = try await connection.query("""
                INSERT INTO matching.budgets (fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht,
                    released_baht, updated_at)
                VALUES (\(command.fiscalYear), \(command.region.rawValue), \(command.amountBaht), \(held), \(committed),
                    \(spent), 0, \(context.now))
                RETURNING \(sql: Row.columns)
                """).first.map(Row.init(row:))
        } else if let existing = row {
            let minimum = existing.held + existing.committed + existing.spent
            guard command.amountBaht >= minimum else {
                return refusal(command, minimum: minimum, at: context.now)
            }
            row = try await connection.query("""
                UPDATE matching.budgets SET allocated_baht = \(command.amountBaht), updated_at = \(context.now)
                WHERE fiscal_year = \(command.fiscalYear) AND region = \(command.region.rawValue)
                RETURNING \(sql: Row.columns)
                """).first.map(Row.init(row:))
        }
        guard let row else { throw LedgerError(request: nil, from: nil, to: .held) }
        try await context.emit(row.updated(change: .set, request: nil, at: context.now), correlationID: key)
        return nil
    }

    /// Coupon moves of a region take this lock shared, a first budget set takes it exclusively.
    /// The capacity lock comes first (``CapacityLock``).
    private func shareRegion(fiscalYear: Int, region: Region, on connection: PostgresConnection) async throws {
        try await CapacityLock.take(on: connection)
        let key = BudgetKey.of(fiscalYear: fiscalYear, region: region)
        try await connection.execute("SELECT pg_advisory_xact_lock_shared(hashtext(\(Self.lockKey(key))))")
    }

    private static func lockKey(_ budgetKey: String) -> String { "matching.budget." + budgetKey }

    private func refusal(_ command: BudgetSet, minimum: Int, at now: Date) -> BudgetSetRefused {
        BudgetSetRefused(fiscalYear: command.fiscalYear, region: command.region, requestedBaht: command.amountBaht,
                         minimumBaht: minimum,
                         reason: "the budget cannot go below what is already held, committed and spent (\(minimum) baht)",
                         setBy: command.setBy, refusedAt: now)
    }

    /// Emits the region's totals after changes made in bulk (an allocation round's holds).
    func announce(fiscalYear: Int, region: Region, change: BudgetChange, context: JourneyContext) async throws {
        guard let row = try await lock(fiscalYear: fiscalYear, region: region, on: context.connection) else { return }
        try await context.emit(row.updated(change: change, request: nil, at: context.now),
                               correlationID: BudgetKey.of(fiscalYear: fiscalYear, region: region))
    }
}

/// A coupon move the ledger does not allow (a programming error: the journey's state machine
/// decides before the ledger is asked).
struct LedgerError: Error, CustomStringConvertible {
    let request: UUID?
    let from: CouponStatus?
    let to: CouponStatus
    var description: String {
        "coupon budget ledger: request \(request?.lowercased ?? "-") cannot move its coupon from \(from?.rawValue ?? "none") to \(to.rawValue)"
    }
}
