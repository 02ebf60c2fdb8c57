import Synchronization

/// What a ``Worker`` (a scheduler's scan, a delivery lane) last reported: whether its passes fail,
/// since when and why. The worker's loop reports after each pass; the probes read it without I/O
/// (ServiceRuntime's `HealthComponent.worker(_:name:)`).
public final class WorkerProgress: PassRecorder {
    /// A copy of the latest report.
    public struct Snapshot: Sendable, Equatable {
        /// When the current run of failed passes began (nil: the last pass succeeded).
        public var failingSince: ContinuousClock.Instant?
        /// The last failure's description.
        public var lastError: String?
        /// Passes that went through since the worker started.
        public var completedPasses: Int
    }

    private let state = Mutex(Snapshot(failingSince: nil, lastError: nil, completedPasses: 0))

    public init() {}

    /// A pass went through: any run of failures is over.
    public func succeeded() {
        state.withLock { snapshot in
            snapshot.failingSince = nil
            snapshot.lastError = nil
            snapshot.completedPasses += 1
        }
    }

    /// A pass failed with `error` now.
    public func failed(_ error: any Error) {
        failed(error, at: .now)
    }

    /// A pass failed with `error` at `now`; the run of failures started at the first of them.
    public func failed(_ error: any Error, at now: ContinuousClock.Instant) {
        state.withLock { snapshot in
            snapshot.failingSince = snapshot.failingSince ?? now
            snapshot.lastError = "\(error)"
        }
    }

    public var snapshot: Snapshot { state.withLock { $0 } }
}
