extension KafkaConsumer {
    /// The consumer's life cycle: running → closing (leaving the group) → closed (handle destroyed),
    /// and who waits for the close. Guarded by one lock; C calls from other threads (`storeOffsets`,
    /// `assignment`) run under it only while `running`, so they never overlap the destroy.
    struct StateMachine {
        /// The consumer's life cycle.
        enum Phase {
            /// Fetching, storing and committing are allowed.
            case running
            /// `close` is leaving the group; everything else fails.
            case closing
            /// The handle is destroyed.
            case closed
        }

        private(set) var phase: Phase = .running
        private var closeWaiters: [CheckedContinuation<Void, Never>] = []

        /// What `close` must do.
        enum CloseAction {
            /// Start it: this caller is the first.
            case start
            /// It is under way: the continuation is resumed when it is done.
            case wait
            /// Already done.
            case done
        }

        /// A `close` caller (`continuation` nil: from `deinit`).
        mutating func beginClose(_ continuation: CheckedContinuation<Void, Never>?) -> CloseAction {
            switch phase {
            case .closed:
                return .done
            case .closing:
                if let continuation { closeWaiters.append(continuation) }
                return .wait
            case .running:
                phase = .closing
                if let continuation { closeWaiters.append(continuation) }
                return .start
            }
        }

        /// The handle is about to be destroyed: returns the close callers to resume afterwards.
        mutating func closed() -> [CheckedContinuation<Void, Never>] {
            phase = .closed
            defer { closeWaiters.removeAll() }
            return closeWaiters
        }
    }
}
