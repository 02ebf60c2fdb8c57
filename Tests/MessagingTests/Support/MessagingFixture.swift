import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import TestSupport
import Testing

/// A database of its own (a schema with outbox + inbox + an `effects` table handlers write to) in the
/// real PostgreSQL, through the shared ``ConsumerHarness``; topics of its own on the real broker, and
/// helpers to produce and read them.
struct MessagingFixture: Sendable {
    let harness: ConsumerHarness
    var pool: PostgresPool { harness.pool }
    var postgres: PostgresConfiguration { harness.postgres }
    var schema: String { harness.schema }
    let naming: TopicNaming
    let brokers: String
    var logger: Logger { harness.logger }

    /// A fixture on the shared broker (`KAFKA_BROKERS`), or on `brokers` (a mock cluster, a private broker).
    static func make(_ name: String, brokers: String? = nil) async throws -> MessagingFixture {
        let brokers = try brokers ?? TestEnvironment.kafkaBrokers()
        let tag = UUID().lowercased.prefix(8)
        let schema = "msgtest_\(name)"
        let harness = try await ConsumerHarness.make(prefix: "otop_msg", service: Self.service, schema: schema, migrators: [
            PostgresMigrator(schema: schema, migrations: [
                MessagingTables.migration(schema: schema),
                PostgresMigration(version: 2, name: "effects", sql: """
                    CREATE TABLE \(schema).effects (event_id uuid PRIMARY KEY, applied int NOT NULL);
                    CREATE TABLE \(schema).erased (party text PRIMARY KEY);
                    CREATE TABLE \(schema).routed (seq bigserial PRIMARY KEY, event_id uuid, route text NOT NULL,
                                                    trace text, current_trace text);
                    """),
            ]),
        ])
        return MessagingFixture(harness: harness, naming: TopicNaming(prefix: "msgtest-\(tag)."), brokers: brokers)
    }

    /// Whether the fixture runs on the shared broker (`KAFKA_BROKERS`), whose topics outlive the test;
    /// a mock cluster or a private broker is thrown away with everything on it.
    var onSharedBroker: Bool { brokers == TestEnvironment.optional("KAFKA_BROKERS") }

    /// Drops the database and, on the shared broker, deletes the fixture's topics (everything under
    /// its prefix, dead-letter topics included), so test runs leave nothing behind there.
    func tearDown() async {
        await harness.tearDown()
        if onSharedBroker, let admin = try? KafkaAdmin(configuration: client("msgtest-admin"), logger: logger) {
            do {
                try await admin.deleteTopics(withPrefix: naming.prefix, timeout: .seconds(20))
            } catch {
                Issue.record("could not delete the test topics under \(naming.prefix): \(error)")
            }
            await admin.shutdown()
        }
    }

    /// The fixture's topics still on the broker.
    func remainingTopics() async throws -> [String] {
        let admin = try KafkaAdmin(configuration: client("msgtest-admin"), logger: logger)
        let names = try await admin.topics().map(\.name).filter { $0.hasPrefix(naming.prefix) }
        await admin.shutdown()
        return names
    }

    func client(_ id: String) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: brokers, clientID: id)
    }

    func producer() throws -> KafkaProducerSupervisor {
        try KafkaProducerSupervisor(configuration: KafkaProducerConfiguration(client: client("msgtest-producer")), logger: logger)
    }

    func ensure(_ logicalTopics: [String]) async throws {
        let admin = try KafkaAdmin(configuration: client("msgtest-admin"), logger: logger)
        try await admin.ensureTopics(logicalTopics.map { KafkaTopicSpec(name: naming.physical($0), partitions: 3) },
                                     timeout: .seconds(20))
        await admin.shutdown()
    }

    /// A test event (a contacts event: any catalogued payload would do).
    func event(_ n: Int, party: UUID = UUID()) -> CloudEvent<ContactsUpserted> {
        CloudEvent(ContactsUpserted(partyId: party, partyKind: .enterprise, partyName: "กลุ่มทดสอบ \(n)", contacts: []),
                   source: "/otop/messaging-tests")
    }

    /// How many times each event's effect was applied.
    func effects() async throws -> [UUID: Int] {
        var result: [UUID: Int] = [:]
        for row in try await pool.query("SELECT event_id, applied FROM \(identifier: schema).effects") {
            result[try row.decode(UUID.self, column: "event_id")] = try row.decode(Int.self, column: "applied")
        }
        return result
    }

    func unpublishedCount() async throws -> Int {
        try await pool.query("SELECT count(*)::int8 AS n FROM \(identifier: schema).outbox WHERE published_at IS NULL")
            .first!.decode(Int.self, column: "n")
    }

    /// Reads a topic from the beginning (fresh group) until `count` messages arrived.
    func read(_ logicalTopic: String, atLeast count: Int, timeout: Duration = .seconds(40)) async throws -> [KafkaIncomingMessage] {
        var configuration = KafkaConsumerConfiguration(client: client("msgtest-reader"), groupID: "reader-\(UUID())",
                                                       topics: [naming.physical(logicalTopic)])
        configuration.autoOffsetReset = .earliest
        configuration.sessionTimeout = .seconds(6)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        var all: [KafkaIncomingMessage] = []
        let deadline = ContinuousClock.now + timeout
        while all.count < count, ContinuousClock.now < deadline {
            all += try await consumer.nextBatch()
        }
        await consumer.close()
        return all
    }

    /// The service the test consumers run as (the `source` of what their handlers emit).
    static let service = ServiceName.matching

    /// An inbox consumer subscribed to the topics of what `handler` registers.
    func consumer(_ name: String, handler: some EventHandler, producer: KafkaProducerSupervisor) throws -> EventConsumer {
        var kafka = KafkaConsumerConfiguration(client: client("msgtest-\(name)"), groupID: naming.physical(name), topics: [])
        kafka.sessionTimeout = .seconds(6)
        var configuration = EventConsumer.Configuration(name: name, service: Self.service, schema: schema, kafka: kafka)
        configuration.naming = naming
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(20), maximumDelay: .milliseconds(200))
        return try EventConsumer(configuration: configuration, pool: pool, producer: producer, routes: EventRoutes(handler),
                                 logger: logger)
    }

    /// A batch processor (no broker) applying what `handler` registers.
    func processor(_ consumer: String, handler: some EventHandler) throws -> InboxBatchProcessor {
        try harness.processor(consumer, handler: handler, naming: naming)
    }
}

/// Applies each event once into `effects` (the counter shows double application).
struct CountingHandler: EventHandler {
    let schema: String
    /// Events whose data has this party name are rejected (poison for the handler).
    var rejectPartyName: String?

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self, apply)
        routes.onTombstone(.contacts, erase)
    }

    func apply(_ event: CloudEvent<ContactsUpserted>, _ context: HandlerContext) async throws {
        if event.data.partyName == rejectPartyName { throw EventRejection("partyName \(event.data.partyName) is not acceptable") }
        try await context.connection.execute("""
            INSERT INTO \(identifier: schema).effects (event_id, applied) VALUES (\(event.id), 1)
            ON CONFLICT (event_id) DO UPDATE SET applied = \(identifier: schema).effects.applied + 1
            """)
    }

    private func erase(_ key: String, _ context: HandlerContext) async throws {
        try await context.connection.execute("INSERT INTO \(identifier: schema).erased (party) VALUES (\(key)) ON CONFLICT DO NOTHING")
    }
}
