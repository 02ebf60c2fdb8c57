import Foundation
import Postgres

/// Slows password guessing, per account and per client address, for every replica at once (the
/// counts live in `portal.sign_in_failures`). The first failures of a window are free; after them
/// each failure blocks that key for a delay that doubles (30 s, 60 s, 120 s ... up to 15 minutes).
/// While a key is blocked an attempt is refused before the password is even compared, so the sixth
/// wrong password in a minute is slowed whatever it is. A window ends 15 minutes after its last
/// failure; a successful sign-in clears the account's key (not the address's: one office may share it).
public struct SignInThrottle: Sendable {
    /// The free failures per key and the delays after them.
    public struct Policy: Sendable {
        public var accountFreeFailures = 5
        public var addressFreeFailures = 20
        public var firstDelay: Duration = .seconds(30)
        public var maximumDelay: Duration = .seconds(900)
        public var window: Duration = .seconds(900)

        public init() {}

        /// The block after the `failures`th failure of a key allowed `free` failures (`nil`: none).
        func delay(failures: Int, free: Int) -> Duration? {
            guard failures >= free else { return nil }
            let doublings = min(failures - free, 10)
            return min(firstDelay * (1 << doublings), maximumDelay)
        }
    }

    let pool: PostgresPool
    public let policy: Policy

    public init(pool: PostgresPool, policy: Policy) {
        self.pool = pool
        self.policy = policy
    }

    static func accountKey(_ username: String) -> String { "account:\(username.lowercased())" }
    static func addressKey(_ address: String) -> String { "address:\(address)" }

    /// When the later of the two keys is blocked until, if it still is.
    public func blockedUntil(username: String, address: String, now: Date = Date()) async throws -> Date? {
        let rows = try await pool.query("""
            SELECT max(blocked_until) AS until FROM portal.sign_in_failures
            WHERE key = ANY(\([Self.accountKey(username), Self.addressKey(address)])) AND blocked_until > \(now)
            """)
        return try rows.first?.decode(Date?.self, column: "until")
    }

    /// Counts a failed attempt against both keys; returns when the next attempt may come, if blocked.
    @discardableResult
    public func recordFailure(username: String, address: String, now: Date = Date()) async throws -> Date? {
        var latest: Date?
        for (key, free) in [(Self.accountKey(username), policy.accountFreeFailures), (Self.addressKey(address), policy.addressFreeFailures)] {
            let windowStart = now.addingTimeInterval(-TimeInterval(policy.window.components.seconds))
            let row = try await pool.query("""
                INSERT INTO portal.sign_in_failures (key, failures, window_started_at, last_failure_at, blocked_until)
                VALUES (\(key), 1, \(now), \(now), \(now))
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN portal.sign_in_failures.last_failure_at < \(windowStart) THEN 1
                                    ELSE portal.sign_in_failures.failures + 1 END,
                    window_started_at = CASE WHEN portal.sign_in_failures.last_failure_at < \(windowStart) THEN \(now)
                                             ELSE portal.sign_in_failures.window_started_at END,
                    last_failure_at = \(now)
                RETURNING failures
                """)
            let failures = try row[0].decode(Int.self, column: "failures")
            if let delay = policy.delay(failures: failures, free: free) {
                let until = now.addingTimeInterval(TimeInterval(delay.components.seconds))
                try await pool.execute("UPDATE portal.sign_in_failures SET blocked_until = \(until) WHERE key = \(key)")
                latest = max(latest ?? until, until)
            }
        }
        return latest
    }

    /// Clears the account's failures after a successful sign-in.
    public func recordSuccess(username: String) async throws {
        try await pool.execute("DELETE FROM portal.sign_in_failures WHERE key = \(Self.accountKey(username))")
    }
}
