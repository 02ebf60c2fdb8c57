import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Metrics
import Postgres
import ServiceLifecycle
import ServiceRuntime

/// Expires proposals whose response deadline passed without an answer, and moves their requests to
/// the next candidate. It sleeps until the earliest pending deadline (no polling per row) and wakes
/// early when a proposal is made (`NOTIFY matching_proposal_deadlines` at the proposal's commit), or
/// after ``Settings/maximumSleep`` as a safety net.
///
/// Exactly once across replicas and restarts: each expiry is one transaction that locks the
/// request's row (skipping a row another transaction holds — it is tried again shortly), re-reads
/// the proposal under that lock and changes it only while it is still pending and due. A crash
/// before the commit leaves it pending for the next pass; after the commit it is closed for everyone.
struct ProposalExpiryScheduler: Service {
    struct Settings: Sendable {
        /// Longest sleep without a deadline or a notification.
        var maximumSleep: Duration = .seconds(300)
        /// Proposals read per query.
        var batchSize = 100
        /// Sleep before retrying a request another transaction held.
        var busyRetry: Duration = .milliseconds(200)
        var retry = RetryPolicy()
    }

    /// What one pass did.
    struct Pass: Sendable, Equatable {
        var expired = 0
        /// Due proposals whose request another transaction held (tried again soon).
        var busy = 0
        /// The earliest deadline still pending.
        var next: Date?
    }

    let journey: Journey
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    var settings = Settings()
    /// Where each pass's success or failure goes, for the probes.
    var progress = WorkerProgress()

    init(journey: Journey, pool: PostgresPool, postgres: PostgresConfiguration, logger: Logger,
         now: @escaping @Sendable () -> Date = Date.init) {
        self.journey = journey
        self.pool = pool
        self.postgres = postgres
        var logger = logger
        logger[metadataKey: "component"] = "proposal-expiry"
        self.logger = logger
        self.now = now
    }

    func run() async throws {
        try await NotifiedLoop.run(postgres: postgres, channels: [Matchmaker.deadlineChannel], logger: logger) { wakeups, stopping in
            try await self.loop(wakeups: wakeups, stopping: stopping)
        }
        logger.info("proposal expiry scheduler stopped")
    }

    private func loop(wakeups: WakeupSignal, stopping: ShutdownFlag) async throws {
        var attempt = 0
        var failing = Set<UUID>()
        while !stopping.isSet && !Task.isCancelled {
            do {
                let pass = try await expireDue(skipping: &failing)
                progress.succeeded()
                attempt = 0
                var sleep = settings.maximumSleep
                if let next = pass.next {
                    let seconds = max(0, next.timeIntervalSince(now()))
                    sleep = min(sleep, .milliseconds(Int64((seconds * 1000).rounded(.up)) + 1))
                }
                if pass.busy > 0 { sleep = min(sleep, settings.busyRetry) }
                await wakeups.wait(timeout: sleep)
            } catch {
                progress.failed(error)
                attempt += 1
                let delay = settings.retry.delay(attempt: attempt)
                logger.warning("proposal expiry pass failed, retrying", metadata: [
                    "error": "\(error)", "attempt": "\(attempt)", "retry_in": "\(delay)"])
                await wakeups.wait(timeout: delay)
            }
        }
    }

    /// One pass: expires every due proposal (one transaction each) and returns the next deadline.
    /// A proposal whose expiry fails permanently (a bug) is logged and left out until restart, so it
    /// cannot block the others; transient failures end the pass (retried with backoff).
    func expireDue(skipping failing: inout Set<UUID>) async throws -> Pass {
        var pass = Pass()
        while true {
            let instant = now()
            let due = try await pool.query("""
                SELECT id, trace FROM matching.proposals
                WHERE status = \(ProposalStatus.pending.rawValue) AND respond_by <= \(instant) AND NOT (id = ANY(\(Array(failing))))
                ORDER BY respond_by LIMIT \(settings.batchSize)
                """)
            var progressed = false
            for row in due {
                let id = try row.decode(UUID.self, column: "id")
                let trace = try row.decode(String?.self, column: "trace").flatMap(TraceParent.init)
                do {
                    // The proposal's trace is current while it expires: its log lines and events continue it.
                    let outcome = try await TraceParent.$current.withValue(trace ?? .fresh()) {
                        try await pool.withTransaction { connection in
                            let context = JourneyContext(connection: connection, events: MatchingEvents(trace: TraceParent.current),
                                                         logger: logger, now: instant)
                            return try await journey.expireDue(id, context: context)
                        }
                    }
                    switch outcome {
                    case .expired: pass.expired += 1; progressed = true
                    case .notDue: progressed = true
                    case .busy: pass.busy += 1
                    }
                } catch {
                    guard FailureKind.classify(error) != .transient else { throw error }
                    failing.insert(id)
                    logger.error("proposal cannot be expired; left for a restart", metadata: [
                        "proposal_id": "\(id)", "error": "\(error)"])
                }
            }
            if due.count < settings.batchSize || !progressed { break }
        }
        if pass.expired > 0 {
            Counter(label: "otop_matching_proposals_expired_total").increment(by: pass.expired)
        }
        pass.next = try await pool.query("""
            SELECT min(respond_by) AS next FROM matching.proposals
            WHERE status = \(ProposalStatus.pending.rawValue) AND NOT (id = ANY(\(Array(failing))))
            """).first?.decode(Date?.self, column: "next")
        return pass
    }
}
