import Postgres

/// How a ``Worker`` is run: its name, what wakes it, how many lanes share its work, how long it
/// sleeps at most, how it backs off after a failed pass, and the clock its ``NextPass/at(_:)``
/// instants are read on.
public struct WorkerSettings: Sendable {
    /// The `NOTIFY` channels that wake every lane of a worker, and the database they are on.
    public struct Notifications: Sendable {
        public var postgres: PostgresConfiguration
        public var channels: [String]

        public init(postgres: PostgresConfiguration, channels: [String]) {
            self.postgres = postgres
            self.channels = channels
        }
    }

    /// Names the worker in logs (`component`), e.g. `outbox-relay`.
    public var name: String
    /// What wakes the worker besides its own schedule (nil: nothing; it sleeps until its next pass is due).
    public var notifications: Notifications?
    /// How many copies of the loop run side by side, each taking its own passes (delivery lanes).
    public var lanes: Int
    /// The longest wait between passes: the safety net for a missed notification or a clock that jumped.
    public var idleRecheck: Duration
    /// The backoff after a failed pass (transient failures are retried for as long as the process runs).
    public var retry: RetryPolicy
    /// The clock ``NextPass/at(_:)`` instants are measured on.
    public var clock: any WallClock

    public init(name: String, notifications: Notifications? = nil, lanes: Int = 1, idleRecheck: Duration,
                retry: RetryPolicy = RetryPolicy(), clock: any WallClock = .system) {
        self.name = name
        self.notifications = notifications
        self.lanes = lanes
        self.idleRecheck = idleRecheck
        self.retry = retry
        self.clock = clock
    }
}
