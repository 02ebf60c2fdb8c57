import CRdKafka
import Logging
import Synchronization

/// An (idempotent by default) Kafka producer whose sends await their delivery reports.
///
/// Threading: `send` enqueues with `rd_kafka_produceva`, which never blocks, from the caller's task.
/// A dedicated thread (`KafkaClientThread`) polls the main event queue for delivery reports, log
/// lines, errors and statistics, and resumes the senders. Each message carries a numeric id as its
/// msg_opaque; the reports are matched by it (no Swift object pointers cross into C).
public final class KafkaProducer: Sendable {
    private let core: Core

    /// Creates the producer and starts its poll thread.
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        core = try Core(configuration: configuration, logger: logger, onFatal: nil)
    }

    /// Creates the producer; `onFatal` is called on the poll thread when librdkafka raises a fatal
    /// error (it must not block). For ``KafkaProducerSupervisor``.
    init(configuration: KafkaProducerConfiguration, logger: Logger,
         onFatal: @escaping @Sendable (KafkaError) -> Void) throws(KafkaError) {
        core = try Core(configuration: configuration, logger: logger, onFatal: onFatal)
    }

    deinit {
        core.startShutdown(timeout: .seconds(5), continuation: nil)
    }

    /// Enqueues `message` and awaits its delivery report.
    ///
    /// Throws when librdkafka refuses the message, when it cannot be delivered within
    /// `messageTimeout` (`isRetriable`), on a fatal producer error (`isFatal`), or when the producer
    /// was shut down. Cancellation only affects messages still waiting for room in a full producer
    /// queue (they fail with `_QUEUE_FULL`); a message handed to librdkafka is delivered or fails
    /// by itself, and its report is awaited.
    public func send(_ message: KafkaOutgoingMessage) async throws(KafkaError) -> KafkaDeliveryReport {
        try await core.send([message])[0].get()
    }

    /// Enqueues all `messages` in order and awaits all delivery reports: one result per message, in
    /// the same order. Messages with the same key keep their order in their partition.
    public func send(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        await core.send(messages)
    }

    /// Waits until no message is in flight (every message sent has its delivery report), at most
    /// `timeout`; throws `_TIMED_OUT` (retriable) if messages are still in flight then.
    public func flush(timeout: Duration) async throws(KafkaError) {
        try await core.flush(timeout: timeout).get()
    }

    /// Flushes (waiting at most `timeout`), fails what is still undelivered (purge), stops the poll
    /// thread and destroys the handle. Idempotent; concurrent callers all return when it is done.
    public func shutdown(timeout: Duration) async {
        await withCheckedContinuation { continuation in
            core.startShutdown(timeout: timeout, continuation: continuation)
        }
    }

    /// The most recent librdkafka statistics, when `statisticsInterval` is set.
    public var latestStatistics: KafkaStatistics? { core.client.statistics?.latest }

    /// Messages sent and not yet reported.
    public var inFlightCount: Int { core.state.withLock { $0.inFlightCount } }

    /// The last transient error librdkafka reported (they are logged and retried, not thrown).
    public var lastTransientError: KafkaError? { core.client.lastTransientError }

    /// The fatal error raised on this producer, once there is one (every later send fails with it).
    public var fatalError: KafkaError? { core.client.fatalError }

    /// Starts the shutdown without flushing and without waiting for it: what is in flight is purged
    /// (those sends fail with `_PURGE_INFLIGHT` / `_PURGE_QUEUE`), then the handle is destroyed on the
    /// poll thread. For a producer that failed for good and was replaced.
    func discard() {
        core.startShutdown(timeout: .zero, continuation: nil)
    }

    /// Raises a fabricated fatal error on the handle (`rd_kafka_test_fatal_error`), so tests of
    /// this and higher layers can exercise their fatal-error path. Never use it in production code.
    public func simulateFatalErrorForTesting(reason: String) {
        core.withRunningHandle { handle in _ = rd_kafka_test_fatal_error(handle, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, reason) }
    }
}

extension KafkaProducer {
    /// The producer's handle, poll thread and state; the poll thread keeps it alive until shutdown.
    final class Core: Sendable {
        let client: RdKafkaClient
        let state = Locked(StateMachine())
        private let configuration: KafkaProducerConfiguration
        private let thread: KafkaClientThread

        init(configuration: KafkaProducerConfiguration, logger: Logger,
             onFatal: (@Sendable (KafkaError) -> Void)?) throws(KafkaError) {
            self.configuration = configuration
            let client = try RdKafkaClient(
                type: RD_KAFKA_PRODUCER, properties: configuration.librdkafkaProperties,
                events: RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_STATS,
                configuration: configuration.client, logger: logger, operation: "create producer", onFatal: onFatal)
            self.client = client
            let state = self.state
            thread = KafkaClientThread(name: "kafka-\(client.name)", wake: client.wakeUp) {
                let waiting = state.withLock { $0.hasFlushWaiters }
                client.serveMainQueue(timeoutMilliseconds: waiting ? 10 : 200) { event in
                    Core.deliver(reportsIn: event, client: client, state: state)
                }
                let finished = state.withLock { $0.finishedFlushWaiters(now: .now) }
                for (continuation, flushed) in finished {
                    continuation.resume(returning: flushed ? .success(()) : .failure(
                        KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, operation: "flush producer",
                                   message: "messages still in flight at the flush deadline")))
                }
            }
        }

        func send(_ messages: [KafkaOutgoingMessage]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
            guard !messages.isEmpty else { return [] }
            let batch = state.withLock { $0.startBatch(count: messages.count) }
            let deadline = ContinuousClock.now + configuration.messageTimeout
            var next = 0
            while next < messages.count {
                next = enqueue(messages, from: next, batch: batch)
                guard next < messages.count else { break }
                // librdkafka's queue is full (queue.buffering.max.messages): wait for it to drain.
                if ContinuousClock.now >= deadline {
                    failRemaining(messages, from: next, batch: batch,
                                  reason: "the producer queue stayed full for the whole message timeout")
                    break
                }
                do {
                    try await Task.sleep(for: .milliseconds(10))
                } catch {
                    failRemaining(messages, from: next, batch: batch,
                                  reason: "the send was cancelled while the producer queue was full")
                    break
                }
            }
            return await withCheckedContinuation { continuation in
                if let results = state.withLock({ $0.wait(for: batch, continuation: continuation) }) {
                    continuation.resume(returning: results)
                }
            }
        }

        /// Enqueues `messages[from...]` until done or librdkafka's queue is full; returns the index of
        /// the first message not taken. Holds the state lock, so the handle cannot be destroyed meanwhile.
        private func enqueue(_ messages: [KafkaOutgoingMessage], from start: Int, batch: UInt) -> Int {
            var completed: [StateMachine.CompletedBatch] = []
            defer { for done in completed { done.continuation.resume(returning: done.results) } }
            return state.withLock { state in
                for index in start..<messages.count {
                    let message = messages[index]
                    let operation = "produce to \(message.topic)"
                    let refusal: KafkaError? = switch state.phase {
                    case .running: client.fatalError.map {
                        KafkaError(code: $0.code, message: $0.message, operation: operation, isFatal: true)
                    }
                    case .shuttingDown, .closed: .clientClosed(operation)
                    }
                    if let refusal {
                        if let done = state.fail(batch: batch, index: index, with: refusal) { completed.append(done) }
                        continue
                    }
                    let id = state.register(batch: batch, index: index)
                    guard var error = message.produce(on: client.handle, opaque: id) else { continue }
                    if error.isFatal { error = client.fatalErrorDetail(operation: operation) }
                    if error.code == KafkaError.Code(RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        state.unregister(id)
                        return index
                    }
                    if let done = state.complete(id, with: .failure(error)) { completed.append(done) }
                }
                return messages.count
            }
        }

        /// Fails the messages librdkafka never took (they were not enqueued, so they are safe to retry).
        private func failRemaining(_ messages: [KafkaOutgoingMessage], from start: Int, batch: UInt, reason: String) {
            let completed = state.withLock { state in
                (start..<messages.count).compactMap { index in
                    state.fail(batch: batch, index: index, with: KafkaError(
                        RD_KAFKA_RESP_ERR__QUEUE_FULL, operation: "produce to \(messages[index].topic)", message: reason))
                }
            }
            for done in completed { done.continuation.resume(returning: done.results) }
        }

        /// Matches the messages of one DR event to their senders (on the poll thread).
        static func deliver(reportsIn event: OpaquePointer, client: RdKafkaClient, state: Locked<StateMachine>) {
            var reports: [(UInt, Result<KafkaDeliveryReport, KafkaError>)] = []
            while let message = rd_kafka_event_message_next(event) {
                let raw = message.pointee
                let id = UInt(bitPattern: raw._private)
                let topic = raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
                if raw.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                    reports.append((id, .success(KafkaDeliveryReport(topic: topic, partition: raw.partition, offset: raw.offset))))
                } else {
                    let fatal = raw.err == RD_KAFKA_RESP_ERR__FATAL
                        || rd_kafka_fatal_error(client.handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR
                    reports.append((id, .failure(KafkaError(raw.err, operation: "produce to \(topic)", isFatal: fatal))))
                }
            }
            let completed = state.withLock { state in
                reports.compactMap { id, result in state.complete(id, with: result) }
            }
            for done in completed { done.continuation.resume(returning: done.results) }
        }

        /// Runs `body` with the handle while the producer is running (under the state lock).
        func withRunningHandle(_ body: (OpaquePointer) -> Void) {
            let client = self.client
            state.withLock { state in
                if state.phase == .running { body(client.handle) }
            }
        }

        func flush(timeout: Duration) async -> Result<Void, KafkaError> {
            let deadline = ContinuousClock.now + timeout
            return await withCheckedContinuation { continuation in
                let done = state.withLock { $0.addFlushWaiter(deadline: deadline, continuation: continuation) }
                if done { continuation.resume(returning: .success(())) }
            }
        }

        /// Starts (or joins) the shutdown; `continuation` is resumed when the handle is destroyed.
        func startShutdown(timeout: Duration, continuation: CheckedContinuation<Void, Never>?) {
            switch state.withLock({ $0.beginShutdown(continuation) }) {
            case .done: continuation?.resume()
            case .wait: break
            case .start:
                let deadline = ContinuousClock.now + timeout
                thread.submit { self.shutDown(deadline: deadline) }
            }
        }

        /// On the poll thread: flush until `deadline`, purge what is left, destroy the handle.
        private func shutDown(deadline: ContinuousClock.Instant) {
            let client = self.client
            let state = self.state
            func serve(until deadline: ContinuousClock.Instant) {
                while state.withLock({ $0.inFlightCount }) > 0 {
                    let remaining = deadline - .now
                    guard remaining > .zero else { return }
                    client.serveMainQueue(timeoutMilliseconds: min(100, max(1, remaining.timeoutMilliseconds))) { event in
                        Core.deliver(reportsIn: event, client: client, state: state)
                    }
                }
            }
            serve(until: deadline)
            let undelivered = state.withLock { $0.inFlightCount }
            if undelivered > 0 {
                client.logger.warning("producer shutting down with undelivered messages; purging them",
                                      metadata: ["kafka.undelivered": "\(undelivered)"])
                rd_kafka_purge(client.handle, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT)
                serve(until: .now + .seconds(2))
            }
            client.serveMainQueue(timeoutMilliseconds: 0)
            thread.finish()
            let leftovers = state.withLock { $0.close(failingWith: .clientClosed("produce")) }
            client.destroy()
            for done in leftovers.batches { done.continuation.resume(returning: done.results) }
            for waiter in leftovers.flushWaiters {
                waiter.resume(returning: .failure(.clientClosed("flush producer")))
            }
            for waiter in leftovers.shutdownWaiters { waiter.resume() }
        }
    }
}
