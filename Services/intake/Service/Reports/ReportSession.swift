import Postgres

/// How a report reads: its statements in one read-only transaction at `REPEATABLE READ` (one
/// snapshot, so a report's totals and its breakdown agree while the journey goes on), with the
/// settings a few large grouped statements want: no JIT (a report's cost estimate over ten years of
/// coupons passes PostgreSQL's JIT thresholds, and compiling costs seconds on a busy two-core
/// machine, more than the statement itself), `work_mem` enough to hash a hundred thousand coupons
/// in memory rather than spill them to disk, and no parallel workers (a report takes one core and
/// leaves the other to the journey's writes; on two busy cores the workers only wait for each
/// other). All are `SET LOCAL`: they end with the transaction. docs/benchmarks.md ("The ministry's
/// reports") has the figures.
enum ReportSession {
    /// The memory one sort or hash of a report statement may take before spilling to disk.
    static let workMemory = "64MB"

    /// Runs `body` in the report's transaction on one connection of `pool`.
    static func read<Result>(_ pool: PostgresPool, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await pool.withTransaction { connection in
            _ = try await connection.pipeline([
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                """
                SELECT set_config('jit', 'off', true), set_config('work_mem', \(workMemory), true),
                       set_config('max_parallel_workers_per_gather', '0', true)
                """,
            ])
            return try await body(connection)
        }
    }
}
