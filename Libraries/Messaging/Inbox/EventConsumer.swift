import Contracts
import Foundation
import Kafka
import Logging
import Metrics
import Postgres
import ServiceLifecycle

/// The inbox consumer loop of a service: takes batches from a Kafka consumer group, applies each in
/// one transaction (``InboxBatchProcessor``), sends dead letters, and only then stores the offsets
/// (offset + 1, committed by auto-commit). A crash anywhere before the store re-delivers the batch;
/// the inbox makes that harmless. Transient failures retry the same batch with backoff.
///
/// ``progress`` tells the health probes whether the consumer is a member of its group (read from
/// librdkafka's statistics, which the consumer therefore turns on at least every
/// ``Configuration/groupCheckInterval``) and whether a batch keeps failing.
public struct EventConsumer: Service {
    public struct Configuration: Sendable {
        /// Consumer name: the Kafka group id and the inbox key, e.g. `matching.requests`.
        public var name: String
        /// The consuming service: the `source` of the events its handlers emit.
        public var service: ServiceName
        /// The service schema holding the inbox (and outbox).
        public var schema: String
        /// Group and client settings. Its `topics` are replaced by the routes' topics.
        public var kafka: KafkaConsumerConfiguration
        public var retry = RetryPolicy()
        public var naming = TopicNaming()
        /// How often librdkafka reports the group membership (statistics): a longer
        /// `kafka.client.statisticsInterval`, or none, is shortened to this.
        public var groupCheckInterval: Duration = .seconds(1)
        /// Once graceful shutdown has begun, how long the batch in hand may still take before it is
        /// abandoned (its offsets not stored: it is read again, and the inbox makes that harmless).
        public var batchGrace: Duration = .seconds(8)
        /// How long the consumer waits for its close (offset commit; LeaveGroup only with
        /// `kafka.leavesGroupOnClose`) before it stops waiting: a coordinator that does not answer
        /// must not hold the process.
        public var closeTimeout: Duration = .seconds(4)

        public init(name: String, service: ServiceName, schema: String, kafka: KafkaConsumerConfiguration) {
            self.name = name
            self.service = service
            self.schema = schema
            self.kafka = kafka
        }
    }

    let configuration: Configuration
    let processor: InboxBatchProcessor
    let producer: KafkaProducerSupervisor
    let logger: Logger
    /// What the consumer reports about itself (group membership, failing batch) for the probes.
    public let progress = Progress()

    /// Subscribes to the topics of the types `routes` registers (``EventRoutes/topics``).
    /// - Parameter producer: sends dead letters (the service's producer).
    /// - Throws: ``EventRoutingError`` when `routes` cannot work (a type registered twice ...).
    public init(configuration: Configuration, pool: PostgresPool, producer: KafkaProducerSupervisor,
                routes: EventRoutes, logger: Logger) throws(EventRoutingError) {
        var logger = logger
        logger[metadataKey: "consumer"] = "\(configuration.name)"
        var configuration = configuration
        configuration.kafka.topics = routes.topics.map { configuration.naming.physical($0.name) }
        if configuration.kafka.client.statisticsInterval.map({ $0 > configuration.groupCheckInterval }) ?? true {
            configuration.kafka.client.statisticsInterval = configuration.groupCheckInterval
        }
        self.configuration = configuration
        self.producer = producer
        self.logger = logger
        self.processor = try InboxBatchProcessor(consumer: configuration.name, service: configuration.service,
                                                 schema: configuration.schema, pool: pool, routes: routes, logger: logger,
                                                 naming: configuration.naming)
    }

    public func run() async throws {
        let consumer = try KafkaConsumer(configuration: configuration.kafka, logger: logger)
        progress.started()
        logger.info("consumer started", metadata: ["topics": "\(configuration.kafka.topics.joined(separator: ","))",
                                                   "event_types": "\(processor.routes.eventTypes.joined(separator: ","))"])
        do {
            // Graceful shutdown: the batch in hand is finished (its offsets stored) within
            // `batchGrace`, or abandoned; no other is taken.
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let batch = try await consumer.nextBatch()
                if let change = progress.observe(consumer.latestStatistics?.consumerGroup) {
                    // Evidence for a consumer that stops consuming: when it left, rejoined, and
                    // what it was given.
                    logger.info("consumer group state changed", metadata: [
                        "from": "\(change.from ?? "none")", "to": "\(change.to)",
                        "assigned_partitions": "\(change.assignedPartitions)"])
                }
                if batch.isEmpty { continue }
                let handled = try await withShutdownGrace(configuration.batchGrace) { [self] in try await handle(batch) }
                guard let handled else {
                    logger.warning("batch abandoned at shutdown; it will be read again", metadata: [
                        "batch_size": "\(batch.count)", "grace": "\(configuration.batchGrace)"])
                    break
                }
                guard handled else { break }
                try consumer.storeOffsets(for: batch)
            }
        } catch {
            await close(consumer)
            throw error
        }
        await close(consumer)
        logger.info("consumer stopped")
    }

    /// Closes `consumer`, waiting at most `closeTimeout`.
    private func close(_ consumer: KafkaConsumer) async {
        if await !consumer.close(timeout: configuration.closeTimeout) {
            logger.warning("consumer close not answered; stopping without it", metadata: [
                "timeout": "\(configuration.closeTimeout)"])
        }
    }

    /// Applies the batch and sends its dead letters, retrying transient failures. Returns `false`
    /// when shutdown began before the batch was done (its offsets are then not stored).
    private func handle(_ batch: [KafkaIncomingMessage]) async throws -> Bool {
        let started = ContinuousClock.now
        var attempt = 0
        var outcome: InboxBatchProcessor.Outcome
        while true {
            do {
                outcome = try await processor.process(batch)
                break
            } catch {
                if Task.isShuttingDownGracefully || Task.isCancelled { return false }
                progress.batchFailed(error)
                attempt += 1
                let delay = configuration.retry.delay(attempt: attempt)
                logger.warning("batch failed with a transient error; retrying", metadata: [
                    "error": "\(error)", "attempt": "\(attempt)", "retry_in": "\(delay)", "batch_size": "\(batch.count)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
        if !outcome.deadLetters.isEmpty {
            try await sendDeadLetters(outcome.deadLetters)
        }
        progress.batchDone()
        let dimensions = [("consumer", configuration.name)]
        Counter(label: "otop_consumer_events_total", dimensions: dimensions + [("outcome", "processed")]).increment(by: outcome.processed)
        Counter(label: "otop_consumer_events_total", dimensions: dimensions + [("outcome", "duplicate")]).increment(by: outcome.duplicates)
        Counter(label: "otop_consumer_events_total", dimensions: dimensions + [("outcome", "skipped")]).increment(by: outcome.skipped)
        Counter(label: "otop_consumer_events_total", dimensions: dimensions + [("outcome", "dead_lettered")]).increment(by: outcome.deadLetters.count)
        Timer(label: "otop_consumer_batch_duration_seconds", dimensions: dimensions).recordInterval(since: started)
        return true
    }

    private func sendDeadLetters(_ letters: [DeadLetter]) async throws {
        var pending = letters
        var attempt = 0
        while !pending.isEmpty {
            let results = await producer.send(pending.map(\.message))
            var failed: [DeadLetter] = []
            var lastError: KafkaError?
            for (letter, result) in zip(pending, results) {
                switch result {
                case .success(let report):
                    logger.error("event dead-lettered", metadata: [
                        "dlq_topic": "\(report.topic)", "dlq_offset": "\(report.offset)",
                        "topic": "\(letter.original.topic)", "partition": "\(letter.original.partition)",
                        "offset": "\(letter.original.offset)", "error": "\(letter.reason)"])
                case .failure(let error):
                    failed.append(letter)
                    lastError = error
                }
            }
            pending = failed
            if let lastError {
                progress.batchFailed(lastError)
                logger.warning("dead letters not delivered; retrying", metadata: [
                    "error": "\(lastError)", "dead_letters": "\(pending.count)"])
            }
            if !pending.isEmpty {
                if Task.isShuttingDownGracefully { throw CancellationError() }
                attempt += 1
                let delay = configuration.retry.delay(attempt: attempt)
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
            }
        }
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
