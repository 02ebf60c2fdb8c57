import Contracts
import Foundation
import Kafka
import Logging
import Postgres

/// Applies a batch of consumed messages in one transaction with the inbox rows that make
/// redelivery harmless. Undecodable events and events the handler rejects become dead letters; the
/// rest commit. Only transient failures are thrown (the caller retries the same batch).
public struct InboxBatchProcessor: Sendable {
    /// What a batch came to.
    public struct Outcome: Sendable {
        /// Events applied now.
        public var processed = 0
        /// Events skipped because the inbox already had them (redelivery, or twice in the batch).
        public var duplicates = 0
        /// Tombstones applied.
        public var tombstones = 0
        /// Events to send to dead-letter topics.
        public var deadLetters: [DeadLetter] = []
    }

    /// Consumer name: the inbox key and the Kafka group id.
    public let consumer: String
    public let schema: String
    public let pool: PostgresPool
    public let handler: any EventHandler
    public let logger: Logger
    /// Strips the broker prefix before handlers see topic names.
    public let naming: TopicNaming

    public init(consumer: String, schema: String, pool: PostgresPool, handler: any EventHandler, logger: Logger,
                naming: TopicNaming = TopicNaming()) {
        self.consumer = consumer
        self.schema = schema
        self.pool = pool
        self.handler = handler
        self.logger = logger
        self.naming = naming
    }

    private enum Item {
        case event(KafkaIncomingMessage, IncomingEvent)
        case tombstone(KafkaIncomingMessage, key: String)
    }

    /// A handler failure that dead-letters one event; the transaction is retried without it.
    private struct PoisonEvent: Error {
        let index: Int
        let reason: String
    }

    public func process(_ messages: [KafkaIncomingMessage]) async throws -> Outcome {
        var outcome = Outcome()
        var items: [(index: Int, item: Item)] = []
        for (index, message) in messages.enumerated() {
            if message.value.isEmpty {
                let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
                items.append((index, .tombstone(message, key: key)))
                continue
            }
            do {
                items.append((index, .event(message, try IncomingEvent(bytes: message.value))))
            } catch {
                outcome.deadLetters.append(DeadLetter(original: message, reason: error.description, consumer: consumer))
            }
        }

        var excluded = Set<Int>()
        while true {
            do {
                let counts = try await applyInTransaction(items.filter { !excluded.contains($0.index) })
                outcome.processed = counts.processed
                outcome.duplicates = counts.duplicates
                outcome.tombstones = counts.tombstones
                return outcome
            } catch let poison as PoisonEvent {
                excluded.insert(poison.index)
                outcome.deadLetters.append(DeadLetter(original: messages[poison.index], reason: poison.reason, consumer: consumer))
                logger.warning("event rejected; dead-lettering it and retrying the rest of the batch", metadata: [
                    "topic": "\(messages[poison.index].topic)", "partition": "\(messages[poison.index].partition)",
                    "offset": "\(messages[poison.index].offset)", "reason": "\(poison.reason)"])
            }
        }
    }

    private func applyInTransaction(_ items: [(index: Int, item: Item)]) async throws -> (processed: Int, duplicates: Int, tombstones: Int) {
        let consumer = consumer, schema = schema, handler = handler, logger = logger, naming = naming
        let outbox = Outbox(schema: schema)
        var eventIDs: [UUID] = []
        var topics: [String] = []
        for (_, item) in items {
            if case .event(let message, let event) = item {
                eventIDs.append(event.header.id)
                topics.append(naming.logical(message.topic))
            }
        }
        return try await pool.withTransaction { connection in
            var fresh = Set<UUID>()
            if !eventIDs.isEmpty {
                let rows = try await connection.query("""
                    INSERT INTO \(identifier: schema).inbox (consumer, event_id, topic)
                    SELECT \(consumer), e, t FROM unnest(\(eventIDs)::uuid[], \(topics)::text[]) AS x(e, t)
                    ON CONFLICT DO NOTHING
                    RETURNING event_id
                    """)
                for row in rows { fresh.insert(try row.decode(UUID.self, column: "event_id")) }
            }
            var processed = 0, duplicates = 0, tombstones = 0
            for (index, item) in items {
                switch item {
                case .tombstone(let message, let key):
                    let context = HandlerContext(connection: connection, outbox: outbox, message: message, logger: logger)
                    try await Self.guarded(index) { try await handler.handleTombstone(topic: naming.logical(message.topic), key: key, in: context) }
                    tombstones += 1
                case .event(let message, let event):
                    // `remove` makes a second copy within the same batch a duplicate too.
                    guard fresh.remove(event.header.id) != nil else {
                        duplicates += 1
                        continue
                    }
                    var eventLogger = logger
                    eventLogger[metadataKey: "event_id"] = "\(event.header.id)"
                    eventLogger[metadataKey: "event_type"] = "\(event.header.type)"
                    if let correlation = event.header.correlationid { eventLogger[metadataKey: "correlation_id"] = "\(correlation)" }
                    if let trace = event.header.traceparent { eventLogger[metadataKey: "traceparent"] = "\(trace)" }
                    let context = HandlerContext(connection: connection, outbox: outbox, message: message, logger: eventLogger)
                    try await Self.guarded(index) { try await handler.handle(event, in: context) }
                    processed += 1
                }
            }
            return (processed, duplicates, tombstones)
        }
    }

    /// Runs a handler call; a failure that is the event's fault becomes ``PoisonEvent``.
    private static func guarded(_ index: Int, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            switch FailureKind.classify(error) {
            case .transient: throw error
            case .poison(let reason): throw PoisonEvent(index: index, reason: reason)
            }
        }
    }
}
