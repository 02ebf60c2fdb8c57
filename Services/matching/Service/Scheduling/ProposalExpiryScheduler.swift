import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Metrics
import Postgres
import Synchronization

/// Expires proposals whose response deadline passed without an answer, and moves their requests to
/// the next candidate. It sleeps until the earliest pending deadline (no polling per row) and wakes
/// early when a proposal is made (`NOTIFY matching_proposal_deadlines` at the proposal's commit), or
/// after ``maximumSleep`` as a safety net.
///
/// Exactly once across replicas and restarts: each expiry is one transaction that locks the
/// request's row (skipping a row another transaction holds — it is tried again shortly), re-reads
/// the proposal under that lock and changes it only while it is still pending and due. A crash
/// before the commit leaves it pending for the next pass; after the commit it is closed for everyone.
struct ProposalExpiryScheduler: Worker {
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
    let clock: any WallClock
    /// Longest sleep without a deadline or a notification.
    var maximumSleep: Duration = .seconds(300)
    /// Proposals read per query.
    var batchSize = 100
    /// Sleep before retrying a request another transaction held.
    var busyRetry: Duration = .milliseconds(200)
    /// Where each pass's success or failure goes, for the probes.
    let progress = WorkerProgress()
    /// Proposals whose expiry failed for good (a bug): left out until restart, so they cannot block the others.
    private let failing = FailingProposals()

    init(journey: Journey, pool: PostgresPool, postgres: PostgresConfiguration, logger: Logger, clock: any WallClock = .system) {
        self.journey = journey
        self.pool = pool
        self.postgres = postgres
        self.logger = logger
        self.clock = clock
    }

    var settings: WorkerSettings {
        WorkerSettings(name: "proposal-expiry", notifications: .init(postgres: postgres, channels: [Matchmaker.deadlineChannel]),
                       idleRecheck: maximumSleep, clock: clock)
    }

    /// Expires what is due; next at the earliest pending deadline, or soon when a request was held.
    func pass() async throws -> NextPass {
        var skipping = failing.ids
        let pass = try await expireDue(skipping: &skipping)
        failing.ids = skipping
        if pass.busy > 0 { return .after(busyRetry) }
        return pass.next.map(NextPass.at) ?? .whenWoken
    }

    /// One pass: expires every due proposal (one transaction each) and returns the next deadline.
    /// A proposal whose expiry fails permanently (a bug) is logged and left out until restart, so it
    /// cannot block the others; transient failures end the pass (retried with backoff).
    func expireDue(skipping failing: inout Set<UUID>) async throws -> Pass {
        var pass = Pass()
        while true {
            let instant = try await clock.now()
            let due = try await pool.query("""
                SELECT id, trace FROM matching.proposals
                WHERE status = \(ProposalStatus.pending.rawValue) AND respond_by <= \(instant) AND NOT (id = ANY(\(Array(failing))))
                ORDER BY respond_by LIMIT \(batchSize)
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
            if due.count < batchSize || !progressed { break }
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

/// The proposals an expiry scheduler leaves out until restart (its passes run one at a time).
private final class FailingProposals: Sendable {
    private let state = Mutex(Set<UUID>())

    var ids: Set<UUID> {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
