extension KafkaProducerSupervisor {
    /// Which producer is current, and how the supervisor got there. Pure bookkeeping behind one
    /// mutex: methods return what the caller must do (create a producer, discard the old one, arm a
    /// timer) outside the lock.
    ///
    /// ```
    /// replacing(now) ──created──▶ running(1)            (the first producer, at start)
    /// running(g) ──failure of g──▶ replacing(due) ──due, created──▶ running(g+1)
    ///     │                            │  ▲
    ///     │                            └──┘ creation failed: due again after a backoff
    ///     └────────── shutdown (from any phase) ──────────▶ closed
    /// ```
    /// The first failure of a streak is replaced at once (`due` = now); when the replacement fails
    /// too before it settled, each further replacement waits longer (``ReplacementPolicy``).
    struct StateMachine {
        /// The supervisor's life cycle.
        enum Phase {
            /// `producer` (generation `generation`) takes sends.
            case running(producer: KafkaProducer, generation: Int, since: ContinuousClock.Instant)
            /// No producer: the last one failed for good; a new one is created at `due`.
            case replacing(due: ContinuousClock.Instant)
            /// Shut down: sends fail.
            case closed
        }

        /// Failures that replacing has not cured yet: from the first failure until a replacement
        /// settled (delivered a message, or ran `settleAfter` without failing).
        struct Streak {
            var started: ContinuousClock.Instant
            var failures: Int
            var lastError: KafkaError
        }

        /// What a caller must do after reporting a failure.
        enum FailureAction {
            /// Nothing: that producer was already replaced (or the supervisor is closed).
            case none
            /// Discard `retired` (purge and destroy it) and create the next producer at `due`.
            case replace(retired: KafkaProducer, due: ContinuousClock.Instant, streak: Streak)
        }

        /// What `send` must do to get a producer.
        enum Acquisition {
            /// Send on this one.
            case producer(KafkaProducer, generation: Int)
            /// A new producer is due now: create it (``created(_:now:)`` / ``creationFailed(_:now:)``).
            case create
            /// No producer until `due`.
            case wait(due: ContinuousClock.Instant, lastError: KafkaError?)
            /// Shut down.
            case closed
        }

        private(set) var phase: Phase
        private(set) var streak: Streak?
        /// The generation of the newest producer (0 before the first).
        private var generation = 0
        let policy: ReplacementPolicy

        /// No producer yet; the first is due now.
        init(now: ContinuousClock.Instant, policy: ReplacementPolicy) {
            phase = .replacing(due: now)
            self.policy = policy
        }

        /// The generation the next producer created gets (its failure reports name it).
        var nextGeneration: Int { generation + 1 }

        /// Producers created to replace a failed one, since the start.
        var replacements: Int { max(0, generation - 1) }

        /// The producer taking sends now, if any.
        var currentProducer: KafkaProducer? {
            if case .running(let producer, _, _) = phase { return producer }
            return nil
        }

        /// Where a sender stands.
        mutating func acquire(now: ContinuousClock.Instant) -> Acquisition {
            switch phase {
            case .running(let producer, let generation, _):
                return .producer(producer, generation: generation)
            case .replacing(let due):
                return now >= due ? .create : .wait(due: due, lastError: streak?.lastError)
            case .closed:
                return .closed
            }
        }

        /// Producer `failedGeneration` failed for good with `error`.
        mutating func failed(generation failedGeneration: Int, error: KafkaError, now: ContinuousClock.Instant) -> FailureAction {
            guard case .running(let producer, let generation, _) = phase, generation == failedGeneration else {
                return .none
            }
            var current = openStreak(now: now) ?? Streak(started: now, failures: 0, lastError: error)
            current.failures += 1
            current.lastError = error
            self.streak = current
            let due = now + policy.delay(beforeReplacement: current.failures)
            phase = .replacing(due: due)
            return .replace(retired: producer, due: due, streak: current)
        }

        /// The next producer (generation ``nextGeneration``) was created: it is current now.
        mutating func created(_ producer: KafkaProducer, now: ContinuousClock.Instant) {
            guard case .replacing = phase else { return }
            generation += 1
            phase = .running(producer: producer, generation: generation, since: now)
        }

        /// Creating the replacement failed: try again after the backoff. Returns the new due time.
        mutating func creationFailed(_ error: KafkaError, now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            guard case .replacing = phase else { return nil }
            var current = streak ?? Streak(started: now, failures: 0, lastError: error)
            current.failures += 1
            current.lastError = error
            streak = current
            let due = now + policy.delay(beforeReplacement: current.failures)
            phase = .replacing(due: due)
            return due
        }

        /// A message was delivered by producer `deliveredGeneration`: if it is a replacement, the
        /// streak of failures is over.
        mutating func delivered(generation deliveredGeneration: Int) {
            guard case .running(_, let generation, _) = phase, generation == deliveredGeneration else { return }
            streak = nil
        }

        /// Whether the current producer has run long enough without failing to count as cured.
        func settled(now: ContinuousClock.Instant) -> Bool {
            guard case .running(_, _, let since) = phase else { return false }
            return now - since >= policy.settleAfter
        }

        /// The failures not yet cured, as of `now` (nil once the current producer settled).
        func openStreak(now: ContinuousClock.Instant) -> Streak? {
            settled(now: now) ? nil : streak
        }

        /// Whether producer `generation` was discarded because it failed (not because of a shutdown).
        func wasReplaced(generation retired: Int) -> Bool {
            switch phase {
            case .running(_, let generation, _): generation != retired
            case .replacing: true
            case .closed: false
            }
        }

        /// Shuts down: returns the producer to shut down, if any.
        mutating func close() -> KafkaProducer? {
            defer { phase = .closed }
            if case .running(let producer, _, _) = phase { return producer }
            return nil
        }
    }
}
