import Synchronization

extension OutboxRelay {
    /// What the relay reports about itself for the health probes: whether rows are waiting, when it
    /// last moved, and the last error. The relay records; the probes read ``snapshot``.
    public final class Progress: PassRecorder {
        /// The relay's state as of its latest pass.
        public struct Snapshot: Sendable {
            /// Rows the relay knows are waiting: the batch in hand, or what its last pass left
            /// unpublished (0: its last look found the outbox empty).
            public var pendingRows: Int
            /// When the relay last moved: published a row, found nothing to publish, or saw another
            /// replica holding the outbox (and when it was created, before its first pass).
            public var lastProgress: ContinuousClock.Instant
            /// The error of the last failed pass, cleared by the next pass that published.
            public var lastError: String?
        }

        private let state: Mutex<Snapshot>

        init(now: ContinuousClock.Instant = .now) {
            state = Mutex(Snapshot(pendingRows: 0, lastProgress: now, lastError: nil))
        }

        /// The latest state.
        public var snapshot: Snapshot { state.withLock { $0 } }

        /// A pass read `rows` unpublished rows and is sending them.
        func reading(rows: Int) {
            state.withLock { $0.pendingRows = rows }
        }

        /// A pass marked `delivered` rows published and left `remaining` of its batch unpublished.
        func published(_ delivered: Int, remaining: Int) {
            state.withLock { snapshot in
                snapshot.pendingRows = remaining
                if delivered > 0 {
                    snapshot.lastProgress = .now
                    if remaining == 0 { snapshot.lastError = nil }
                }
            }
        }

        /// A pass found nothing to publish, or another replica holds the outbox (its own probes
        /// speak for it).
        func idle() {
            state.withLock { snapshot in
                snapshot.pendingRows = 0
                snapshot.lastProgress = .now
                snapshot.lastError = nil
            }
        }

        /// A pass went through: what it published was recorded by the pass itself
        /// (``published(_:remaining:)``, ``idle()``).
        public func succeeded() {}

        /// A pass failed with `error` (its rows, if any, stay pending).
        public func failed(_ error: any Error) {
            state.withLock { $0.lastError = "\(error)" }
        }
    }
}
