import Dispatch
import Logging
import Metrics
import Synchronization

/// Owns "the current producer" of a process and replaces it when it failed for good.
///
/// An idempotent producer can end up unable to send anything again: librdkafka raises a fatal error
/// (it lost its delivery guarantees), or the broker fences its producer id and epoch
/// (`PRODUCER_FENCED`, which librdkafka reports per message, not as a fatal error; see docs/kafka.md
/// for why tansu does this after a long stall). Either way a *new* producer works. The supervisor
/// notices both — the fatal error event as it arrives, and a ``KafkaError/requiresNewProducer``
/// result of any send — discards the failed producer (what it still had in flight is purged and
/// fails with a retriable error) and creates a fresh one, at once for the first failure and after
/// a growing delay when the replacements keep failing (``ReplacementPolicy``).
///
/// Callers use it like a producer (`send`, `flush`, `shutdown`). A caller that sends again what
/// failed, in order (the outbox relay marks only the delivered prefix; dead letters are retried),
/// gets every message delivered by the new producer; messages the old one delivered just before it
/// failed may arrive twice, and consumers' inboxes drop the copy.
///
/// Each replacement is logged with the error that caused it and counted in
/// `otop_kafka_producer_replacements_total{client_id}`. ``health`` tells readiness and liveness
/// probes whether a working producer is in place.
public final class KafkaProducerSupervisor: Sendable {
    /// When to create the next producer after a failure.
    public struct ReplacementPolicy: Sendable, Hashable {
        /// The wait before the second replacement of a streak (the first is immediate); it doubles
        /// for each further one.
        public var firstDelay: Duration = .seconds(1)
        /// The longest wait between replacements.
        public var maximumDelay: Duration = .seconds(30)
        /// A replacement that runs this long without failing (or delivers a message) ends the streak.
        public var settleAfter: Duration = .seconds(60)

        /// The defaults above.
        public init() {}

        /// The wait before creating a producer when `failures` producers of the streak have failed.
        func delay(beforeReplacement failures: Int) -> Duration {
            guard failures > 1 else { return .zero }
            var delay = firstDelay
            for _ in 2..<failures where delay < maximumDelay { delay *= 2 }
            return min(delay, maximumDelay)
        }
    }

    /// What the probes read.
    public struct Health: Sendable {
        /// Why no working producer is in place now (nil: one is).
        public var problem: String?
        /// When the current streak of failures began, while replacing has not helped: no producer is
        /// in place, or a replacement failed again before it settled (nil otherwise: no failure, or
        /// one failure whose replacement is working).
        public var failingSince: ContinuousClock.Instant?
        /// Producers created to replace a failed one since the start.
        public var replacements: Int
    }

    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let state: Mutex<StateMachine>
    private let replacementCounter: Counter

    /// Creates the first producer (failing like `KafkaProducer.init` when the configuration is refused).
    public init(configuration: KafkaProducerConfiguration, policy: ReplacementPolicy = ReplacementPolicy(),
                logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        state = Mutex(StateMachine(now: .now, policy: policy))
        replacementCounter = Counter(label: "otop_kafka_producer_replacements_total",
                                     dimensions: [("client_id", configuration.client.clientID)],
                                     factory: configuration.client.metricsFactory ?? MetricsSystem.factory)
        let first = state.withLock { machine -> KafkaError? in
            if case .failure(let error) = create(in: &machine, now: .now) { return error }
            return nil
        }
        if let first { throw first }
    }

    deinit {
        // The current producer's own deinit starts its shutdown (flush up to 5 s).
        _ = state.withLock { $0.close() }
    }

    /// Enqueues `message` on the current producer and awaits its delivery report; see
    /// ``send(_:)-([KafkaOutgoingMessage])``.
    public func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Sends `messages` in order on the current producer; one result per message, in order.
    ///
    /// A message fails with a retriable error when no producer is in place (the last one failed and
    /// the next is not due yet) or when its producer was discarded while it was in flight; a
    /// failure that ends the producer (``KafkaError/requiresNewProducer``) replaces it. Send the
    /// failed messages again to have the new producer deliver them.
    public func send(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        let producer: KafkaProducer
        let generation: Int
        switch acquire() {
        case .success(let current):
            (producer, generation) = current
        case .failure(let error):
            return messages.map { message in
                var error = error
                error.operation = "produce to \(message.topic)"
                return .failure(error)
            }
        }
        var results = await producer.send(messages)
        let ending = results.lazy.compactMap(\.failure).first(where: \.requiresNewProducer) ?? producer.fatalError
        if let ending {
            failed(generation: generation, error: ending)
        } else if results.contains(where: { if case .success = $0 { true } else { false } }) {
            state.withLock { $0.delivered(generation: generation) }
        }
        if state.withLock({ $0.wasReplaced(generation: generation) }) {
            // Sent on a producer that was discarded meanwhile: "shut down" means "replaced" here,
            // and sending again (on the new one) is what the caller should do.
            results = results.map { result in
                result.mapError { error in
                    guard error.code == .clientClosed else { return error }
                    var replaced = error
                    replaced.message = "the producer was replaced while this message was being sent"
                    replaced.isRetriable = true
                    return replaced
                }
            }
        }
        return results
    }

    /// Waits until the current producer has nothing in flight, at most `timeout`.
    public func flush(timeout: Duration) async throws(KafkaError) {
        guard let producer = state.withLock({ $0.currentProducer }) else { return }
        try await producer.flush(timeout: timeout)
    }

    /// Stops replacing and shuts the current producer down (flush up to `timeout`, then purge).
    /// Later sends fail with `_DESTROY`. Idempotent.
    public func shutdown(timeout: Duration) async {
        let producer = state.withLock { $0.close() }
        await producer?.shutdown(timeout: timeout)
    }

    /// Whether a working producer is in place, and for how long producers have kept failing.
    public var health: Health {
        let now = ContinuousClock.now
        return state.withLock { machine in
            let streak = machine.openStreak(now: now)
            var health = Health(problem: nil, failingSince: nil, replacements: machine.replacements)
            switch machine.phase {
            case .running(let producer, _, _):
                if let fatal = producer.fatalError {
                    health.problem = "the Kafka producer failed for good and is being replaced: \(fatal)"
                    health.failingSince = streak?.started ?? now
                } else if let streak, streak.failures > 1 {
                    health.failingSince = streak.started
                }
            case .replacing(let due):
                health.failingSince = streak?.started ?? now
                let reason = streak.map { ": \($0.lastError)" } ?? ""
                health.problem = "no Kafka producer: \(streak?.failures ?? 1) failed for good in a row\(reason); "
                    + "the next is created in \(Self.seconds(max(.zero, due - now)))"
            case .closed:
                health.problem = "the Kafka producer was shut down"
            }
            return health
        }
    }

    /// Producers created to replace a failed one since the start.
    public var replacements: Int { state.withLock { $0.replacements } }

    /// Raises a fabricated fatal error on the current producer (see
    /// ``KafkaProducer/simulateFatalErrorForTesting(reason:)``). Never use it in production code.
    public func simulateFatalErrorForTesting(reason: String) {
        state.withLock { $0.currentProducer }?.simulateFatalErrorForTesting(reason: reason)
    }

    // MARK: - Replacing

    /// The current producer, creating it if one is due; a retriable error while none is in place.
    private func acquire() -> Result<(KafkaProducer, Int), KafkaError> {
        let now = ContinuousClock.now
        return state.withLock { machine in
            switch machine.acquire(now: now) {
            case .producer(let producer, let generation):
                return .success((producer, generation))
            case .create:
                return create(in: &machine, now: now)
            case .wait(let due, let lastError):
                let reason = lastError.map { " (\($0.code.name): \($0.message))" } ?? ""
                return .failure(KafkaError(
                    code: .state,
                    message: "no producer: the last one failed for good\(reason); the next is created in \(Self.seconds(due - now))",
                    operation: "produce", isRetriable: true))
            case .closed:
                return .failure(.clientClosed("produce"))
            }
        }
    }

    /// Producer `generation` failed for good: discard it and create the next one when it is due.
    private func failed(generation: Int, error: KafkaError) {
        let now = ContinuousClock.now
        let action = state.withLock { $0.failed(generation: generation, error: error, now: now) }
        guard case .replace(let retired, let due, let streak) = action else { return }
        logger.error("Kafka producer failed for good; replacing it with a new one", metadata: [
            "kafka.error": .string(error.description),
            "kafka.failures_in_a_row": "\(streak.failures)",
            "kafka.replace_in": .string(Self.seconds(due - now)),
        ])
        retired.discard()
        if due <= now {
            createIfDue()
        } else {
            schedule(at: due)
        }
    }

    /// Creates the next producer if one is due (from the failure itself, a timer, or a sender).
    private func createIfDue() {
        let now = ContinuousClock.now
        let early: ContinuousClock.Instant? = state.withLock { machine in
            switch machine.acquire(now: now) {
            case .create:
                _ = create(in: &machine, now: now)
                return nil
            case .wait(let due, _):
                return due  // the timer fired a little early (Dispatch's clock is not ContinuousClock)
            case .producer, .closed:
                return nil
            }
        }
        if let early { schedule(at: early) }
    }

    /// Creates the next producer (under the lock: `rd_kafka_new` does not wait for the network).
    private func create(in machine: inout StateMachine, now: ContinuousClock.Instant) -> Result<(KafkaProducer, Int), KafkaError> {
        let generation = machine.nextGeneration
        do {
            let producer = try KafkaProducer(configuration: configuration, logger: logger) { [weak self] error in
                self?.failed(generation: generation, error: error)
            }
            machine.created(producer, now: now)
            if generation > 1 {
                replacementCounter.increment()
                logger.notice("Kafka producer replaced", metadata: ["kafka.replacements": "\(machine.replacements)"])
            }
            return .success((producer, generation))
        } catch {
            guard generation > 1, let due = machine.creationFailed(error, now: now) else { return .failure(error) }
            logger.error("could not create a replacement Kafka producer; trying again", metadata: [
                "kafka.error": .string(error.description), "kafka.replace_in": .string(Self.seconds(due - now)),
            ])
            schedule(at: due)
            return .failure(error)
        }
    }

    /// Creates the next producer at `due`, if nobody (a sender) did it before.
    private func schedule(at due: ContinuousClock.Instant) {
        let delay = max(.zero, due - .now) + .milliseconds(1)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(delay.wholeMilliseconds))) {
            [weak self] in self?.createIfDue()
        }
    }

    static func seconds(_ duration: Duration) -> String {
        "\((duration.wholeMilliseconds + 50) / 100 / 10).\((duration.wholeMilliseconds + 50) / 100 % 10) s"
    }
}

extension Result {
    /// The error of a failure, else nil.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
