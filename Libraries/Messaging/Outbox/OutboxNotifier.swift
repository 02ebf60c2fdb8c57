import Logging
import Postgres
import ServiceLifecycle

/// Wakes a schema's outbox relays after commits, for writers that keep `NOTIFY` out of their
/// transactions. Such a writer commits its rows (``Outbox/insertion(_:)``) and then calls
/// ``signal()``; this service sends one `NOTIFY` on the outbox channel for all the signals that
/// arrived since its last one, on a pooled connection, outside their transactions.
///
/// Why: a transaction that issued `NOTIFY` takes a cluster-wide lock when it commits and holds it
/// until its commit record is flushed to disk, so all notifying transactions commit one at a time
/// (PostgreSQL's `PreCommit_Notify`). For a write path that runs many small transactions at once,
/// that lock caps throughput at one WAL flush per transaction: no group commit. The `NOTIFY` sent
/// here has no writes of its own, so it needs no flush and holds the lock only for an instant.
///
/// The price: a process that dies between a commit and the next `NOTIFY` leaves its rows for the
/// next wake-up of any relay (another request, a restart, or the relay's idle re-check).
public struct OutboxNotifier: Service {
    private let channel: String
    private let pool: PostgresPool
    private let logger: Logger
    private let wakeups = WakeupSignal()
    private let retry: RetryPolicy

    /// A notifier for the outbox of `schema`, sending through `pool`.
    public init(schema: String, pool: PostgresPool, logger: Logger,
                retry: RetryPolicy = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(5))) {
        self.channel = MessagingTables.outboxChannel(schema: schema)
        self.pool = pool
        self.retry = retry
        var logger = logger
        logger[metadataKey: "component"] = "outbox-notifier"
        self.logger = logger
    }

    /// Asks for a `NOTIFY` soon (after the one in flight, if any). Returns at once; call it after
    /// the commit of rows written with ``Outbox/insertion(_:)``.
    public func signal() {
        wakeups.signal()
    }

    /// Sends a `NOTIFY` for each burst of signals until graceful shutdown, and one last `NOTIFY`
    /// then (the HTTP server stops first, so that one covers the last requests' commits).
    public func run() async throws {
        var failures = 0
        while !Task.isCancelled {
            await cancelWhenGracefulShutdown { await wakeups.wait(timeout: .seconds(3600)) }
            let last = Task.isShuttingDownGracefully
            do {
                try await pool.execute("SELECT pg_notify(\(channel), '')")
                failures = 0
            } catch {
                // The relays' idle re-check is the safety net; keep trying while running.
                failures += 1
                logger.warning("could not wake the outbox relays; retrying", metadata: [
                    "error": "\(error)", "attempt": "\(failures)"])
                if !last {
                    let delay = retry.delay(attempt: failures)
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                    wakeups.signal()
                }
            }
            if last { break }
        }
    }
}
