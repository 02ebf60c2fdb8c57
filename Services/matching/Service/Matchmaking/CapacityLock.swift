import Postgres

/// One transaction-scoped advisory lock in front of every change to providers' loads and regions'
/// budgets. Matching's transactions (replicas' inbox batches, the expiry scheduler, rounds) change
/// several provider and budget rows each, in the order their events name them: a placement locks
/// the budget, then a provider; a decline releases a provider, then moves the coupon on the budget;
/// two batches doing both deadlocked (40P01) in the chaos run. Every such change takes this lock
/// first, so those rows are taken by one transaction at a time and no two wait on each other. The
/// lock order is request → capacity → budget → providers; the lock is held until commit or
/// rollback, and taking it again in the same transaction returns at once.
enum CapacityLock {
    /// The lock's name (its key is the name's `hashtext`).
    static let name = "matching.capacity"

    /// Waits for the lock and holds it until the transaction on `connection` ends.
    static func take(on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(name)))")
    }
}
