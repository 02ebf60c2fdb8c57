import ServiceLifecycle
import Synchronization

/// Checks one dependency (PostgreSQL, the Kafka cluster) in the background, every `interval`, and
/// keeps the outcome for the probes, which therefore never wait for the network: a probe answers
/// from memory even when the dependency hangs.
///
/// The dependency is reachable when the last check succeeded and no check has been running for
/// longer than `overdue` (a hung server shows as a check that does not come back).
public final class DependencyMonitor: Service, Sendable {
    /// The key in the probes' `checks` object (`database`, `kafka`).
    public let name: String
    /// Pause between the end of one check and the start of the next.
    public let interval: Duration
    /// A check running this long means the dependency does not answer.
    public let overdue: Duration
    private let check: @Sendable () async throws -> Void
    private let close: @Sendable () async -> Void
    private let state: Mutex<State>

    private struct State {
        /// The last check that finished: when, and its error (nil: it succeeded).
        var lastFinished: (at: ContinuousClock.Instant, error: String?)?
        /// When the check in progress started.
        var runningSince: ContinuousClock.Instant?
        /// The latest moment the dependency was known unreachable (creation counts as one).
        var lastUnreachable: ContinuousClock.Instant
    }

    /// What the probes read.
    public struct Status: Sendable {
        /// Why the dependency counts as unreachable now (nil: it is reachable).
        public var problem: String?
        /// The latest moment it was known unreachable (now, while it is).
        public var lastUnreachable: ContinuousClock.Instant
    }

    /// - Parameters:
    ///   - check: throws (or does not return within `overdue`) when the dependency is unreachable.
    ///   - close: releases what the checks hold, when the monitor stops.
    public init(name: String, interval: Duration, overdue: Duration,
                check: @escaping @Sendable () async throws -> Void,
                close: @escaping @Sendable () async -> Void = {}) {
        self.name = name
        self.interval = interval
        self.overdue = overdue
        self.check = check
        self.close = close
        state = Mutex(State(lastFinished: nil, runningSince: nil, lastUnreachable: .now))
    }

    /// Checks until graceful shutdown (a check in progress is finished first).
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await checkOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
        await close()
    }

    /// Runs one check and records it.
    public func checkOnce() async {
        let started = ContinuousClock.now
        state.withLock { $0.runningSince = started }
        var failure: String?
        do {
            try await check()
        } catch {
            failure = "\(error)"
        }
        let finished = ContinuousClock.now
        let slow = finished - started > overdue
        state.withLock { state in
            state.runningSince = nil
            state.lastFinished = (finished, failure)
            if failure != nil || slow { state.lastUnreachable = finished }
        }
    }

    /// The dependency's state as of `now`.
    public func status(now: ContinuousClock.Instant = .now) -> Status {
        state.withLock { state in
            var problem: String?
            if let since = state.runningSince, now - since > overdue {
                problem = "\(name) has not answered for \((now - since).roundedSeconds)"
            } else if let last = state.lastFinished {
                problem = last.error.map { "\(name) is unreachable: \($0)" }
            } else {
                problem = "\(name) not checked yet"
            }
            return Status(problem: problem, lastUnreachable: problem == nil ? state.lastUnreachable : now)
        }
    }
}
