import Contracts
import Foundation
import Kafka
import Logging
import Messaging
import Postgres

/// A service's schema in a database of the test's own, and its handlers run through the real inbox
/// processor without a broker: events go in as one consumer batch (one transaction, inbox rows and
/// all), and what the service wrote comes out of its tables and its outbox. The one harness of the
/// service test targets (intake, matching, certification, notifications) and of the messaging library's.
public struct ConsumerHarness: Sendable {
    public let pool: PostgresPool
    /// The service the handlers run as (the `source` of what they emit).
    public let service: ServiceName
    /// The schema holding the inbox and outbox.
    public let schema: String
    public let logger: Logger
    /// The database ``tearDown()`` drops (nil: the caller's, left alone).
    private let database: ThrowawayDatabase?
    /// How to reach the database (for a service's own connections: a listener, a second pool).
    public var postgres: PostgresConfiguration { pool.configuration }

    /// A harness on a database the caller made and migrated (and drops, if it should be dropped).
    public init(pool: PostgresPool, service: ServiceName, schema: String, logger: Logger) {
        self.init(pool: pool, service: service, schema: schema, logger: logger, database: nil)
    }

    private init(pool: PostgresPool, service: ServiceName, schema: String, logger: Logger, database: ThrowawayDatabase?) {
        self.pool = pool
        self.service = service
        self.schema = schema
        self.logger = logger
        self.database = database
    }

    /// A new database named `<prefix>_<random>` with `migrators` applied. The logger only shows
    /// warnings and worse.
    public static func make(prefix: String, service: ServiceName, schema: String, migrators: [PostgresMigrator],
                            maxConnections: Int = 6) async throws -> ConsumerHarness {
        var logger = Logger(label: "\(prefix)-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: prefix, migrators: migrators, maxConnections: maxConnections,
                                                          logger: logger)
        return ConsumerHarness(pool: database.pool, service: service, schema: schema, logger: logger, database: database)
    }

    /// Runs `body` on a new harness and drops its database afterwards, also when `body` throws.
    public static func with<Result>(prefix: String, service: ServiceName, schema: String, migrators: [PostgresMigrator],
                                    maxConnections: Int = 6, _ body: (ConsumerHarness) async throws -> Result) async throws -> Result {
        let harness = try await make(prefix: prefix, service: service, schema: schema, migrators: migrators,
                                     maxConnections: maxConnections)
        return try await tearingDown({ await harness.tearDown() }) { try await body(harness) }
    }

    /// Drops the database the harness made.
    public func tearDown() async {
        await database?.drop()
    }

    // MARK: Events in

    /// The inbox processor the consumer named `consumer` runs with `handler`'s routes.
    public func processor(_ consumer: String, handler: some EventHandler, naming: TopicNaming = TopicNaming()) throws -> InboxBatchProcessor {
        try InboxBatchProcessor(consumer: consumer, service: service, schema: schema, pool: pool, routes: EventRoutes(handler),
                                logger: logger, naming: naming)
    }

    /// Applies `messages` through `processor` as one batch, at offsets `offset`, `offset + 1`, ... of
    /// partition 0. Returns what the processor did (dead letters included).
    @discardableResult
    public func consume(_ messages: [ConsumedMessage], through processor: InboxBatchProcessor,
                        from offset: Int64 = 0) async throws -> InboxBatchProcessor.Outcome {
        try await processor.process(messages.enumerated().map { index, message in
            KafkaIncomingMessage(topic: message.topic.name, partition: 0, offset: offset + Int64(index),
                                 key: Array(message.key.utf8), value: message.value)
        })
    }

    /// Applies `payloads` through `processor` as one batch, each in the envelope another service
    /// would have written (`source`, `time`, correlated by its aggregate id). Returns the events and
    /// what the processor did.
    @discardableResult
    public func deliver<Payload: EventPayload>(_ payloads: [Payload], to processor: InboxBatchProcessor, source: String,
                                               time: Date) async throws -> (events: [CloudEvent<Payload>], outcome: InboxBatchProcessor.Outcome) {
        let events = payloads.map { CloudEvent($0, source: source, time: time, correlationID: $0.aggregateID) }
        return (events, try await consume(try events.map(ConsumedMessage.event), through: processor))
    }

    // MARK: Events out

    /// Every event in the schema's outbox, oldest first.
    public func outbox() async throws -> [IncomingEvent] {
        try await pool.query("SELECT payload FROM \(identifier: schema).outbox ORDER BY seq").map {
            try IncomingEvent(bytes: try $0.decode([UInt8].self, column: "payload"))
        }
    }

    /// The outbox events of one type, decoded, oldest first.
    public func events<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await outbox().filter { $0.header.type == Payload.eventType }.map { try $0.decode(Payload.self) }
    }
}
