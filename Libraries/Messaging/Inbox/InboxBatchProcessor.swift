import Contracts
import Foundation
import Kafka
import Logging
import Postgres

/// Applies a batch of consumed messages in one transaction with the inbox rows that make
/// redelivery harmless. Each event goes to the function registered for its type (``EventRoutes``);
/// events of types nobody registered are skipped. Undecodable events, events larger than any
/// producer of ours writes (``largestEvent``) and events the handler rejects become dead letters; the
/// rest commit. Only transient failures are thrown (the caller retries the same batch).
///
/// While a handler runs, ``TraceParent/current`` is the event's trace (a fresh one when the event
/// came without a valid `traceparent`), so its log lines name the trace id and the events it emits
/// continue the trace.
public struct InboxBatchProcessor: Sendable {
    /// What a batch came to.
    public struct Outcome: Sendable {
        /// Events applied now.
        public var processed = 0
        /// Events skipped because the inbox already had them (redelivery, or twice in the batch).
        public var duplicates = 0
        /// Events (and tombstones) of types this consumer does not handle, skipped without an inbox row.
        public var skipped = 0
        /// Tombstones applied.
        public var tombstones = 0
        /// Events to send to dead-letter topics.
        public var deadLetters: [DeadLetter] = []
    }

    /// The largest event a consumer takes: librdkafka's default `message.max.bytes`, which every
    /// producer of ours keeps, so anything larger on a topic was not written by one of our services.
    public static let largestEvent = 1_000_000

    /// Consumer name: the inbox key and the Kafka group id.
    public let consumer: String
    /// The service consuming: the `source` of the events its handlers emit.
    public let service: ServiceName
    /// The service schema holding the inbox and the outbox.
    public let schema: String
    public let pool: PostgresPool
    public let routes: EventRoutes
    public let logger: Logger
    /// Strips the broker prefix before handlers see topic names.
    public let naming: TopicNaming

    /// - Throws: ``EventRoutingError`` when `routes` cannot work (a type registered twice ...).
    public init(consumer: String, service: ServiceName, schema: String, pool: PostgresPool, routes: EventRoutes,
                logger: Logger, naming: TopicNaming = TopicNaming()) throws(EventRoutingError) {
        try routes.validate()
        self.consumer = consumer
        self.service = service
        self.schema = schema
        self.pool = pool
        self.routes = routes
        self.logger = logger
        self.naming = naming
    }

    private enum Item {
        case event(KafkaIncomingMessage, EventHeader, EventRoutes.Application)
        case tombstone(KafkaIncomingMessage, key: String, EventRoutes.TombstoneHandler)
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
                let topic = naming.logical(message.topic)
                guard let handle = routes.tombstoneHandler(for: topic) else {
                    outcome.skipped += 1
                    logger.debug("tombstone on a topic without a tombstone handler; skipped", metadata: ["topic": "\(topic)"])
                    continue
                }
                let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
                items.append((index, .tombstone(message, key: key, handle)))
                continue
            }
            guard message.value.count <= Self.largestEvent else {
                let reason = "event of \(message.value.count) bytes is larger than any producer of ours writes (\(Self.largestEvent) bytes)"
                outcome.deadLetters.append(DeadLetter(original: message, reason: reason, consumer: consumer))
                continue
            }
            do {
                let event = try IncomingEvent(bytes: message.value)
                guard let decode = routes.decoder(for: event.header.type) else {
                    outcome.skipped += 1
                    logger.debug("event type not handled by this consumer; skipped", metadata: [
                        "event_type": "\(event.header.type)", "event_id": "\(event.header.id)"])
                    continue
                }
                items.append((index, .event(message, event.header, try decode(event))))
            } catch {
                outcome.deadLetters.append(DeadLetter(original: message, reason: "\(error)", consumer: consumer))
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
        let consumer = consumer, service = service, schema = schema, logger = logger, naming = naming
        var eventIDs: [UUID] = []
        var topics: [String] = []
        for (_, item) in items {
            if case .event(let message, let header, _) = item {
                eventIDs.append(header.id)
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
                case .tombstone(let message, let key, let handle):
                    // Tombstones have no envelope; our outbox puts the trace in a Kafka header.
                    let header = message.headers.last { $0.key == "traceparent" }?.value
                    let trace = header.flatMap { TraceParent(String(decoding: $0, as: UTF8.self)) } ?? .fresh()
                    let context = HandlerContext(connection: connection, message: message, logger: logger,
                                                 emitter: EventEmitter(service: service, schema: schema, trace: trace))
                    try await TraceParent.$current.withValue(trace) {
                        try await Self.guarded(index) { try await handle(key, context) }
                    }
                    tombstones += 1
                case .event(let message, let header, let apply):
                    // `remove` makes a second copy within the same batch a duplicate too.
                    guard fresh.remove(header.id) != nil else {
                        duplicates += 1
                        continue
                    }
                    let trace = header.trace ?? .fresh()
                    var eventLogger = logger
                    eventLogger[metadataKey: "event_id"] = "\(header.id)"
                    eventLogger[metadataKey: "event_type"] = "\(header.type)"
                    if let correlation = header.correlationid { eventLogger[metadataKey: "correlation_id"] = "\(correlation)" }
                    let emitter = EventEmitter(service: service, schema: schema, causationID: header.id,
                                               correlationID: header.correlationid, trace: trace)
                    let context = HandlerContext(connection: connection, message: message, logger: eventLogger, emitter: emitter)
                    try await TraceParent.$current.withValue(trace) {
                        try await Self.guarded(index) { try await apply(context) }
                    }
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
