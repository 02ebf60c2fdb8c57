import Contracts
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import ServiceRuntime
import Synchronization
import TestSupport
import Testing

/// Each condition the probes report for a component (outbox relay, inbox consumer, producer), with
/// the real PostgreSQL and librdkafka's mock cluster (brokers that can be taken down): 503 naming
/// the problem, and 200 again once it is over.
@Suite("Component health behind the probes (real PostgreSQL, mock Kafka cluster)")
struct ComponentHealthTests {
    /// A database of its own with a schema holding an outbox and an inbox (dropped with `tearDown()`).
    private func messagingDatabase(_ tag: String) async throws -> ConsumerHarness {
        try await ConsumerHarness.make(prefix: "otop_health_\(tag)", service: .notifications, schema: "health",
                                       migrators: [PostgresMigrator(schema: "health", migrations: [MessagingTables.migration(schema: "health")])],
                                       maxConnections: 4)
    }

    private func unpublished(_ database: ConsumerHarness) async throws -> Int {
        try await database.pool.query("SELECT count(*)::int8 AS n FROM health.outbox WHERE published_at IS NULL")
            .first!.decode(Int.self, column: "n")
    }

    private func event(_ n: Int) -> CloudEvent<ContactsUpserted> {
        CloudEvent(ContactsUpserted(partyId: UUID(), partyKind: .enterprise, partyName: "กลุ่มทดสอบ \(n)", contacts: []),
                   source: "/otop/health-tests")
    }

    private func producer(_ cluster: KafkaMockCluster, policy: KafkaProducerSupervisor.ReplacementPolicy = .init()) throws
        -> KafkaProducerSupervisor {
        var configuration = KafkaProducerConfiguration(client: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers,
                                                                                   clientID: "health-producer"))
        configuration.messageTimeout = .seconds(20)
        return try KafkaProducerSupervisor(configuration: configuration, policy: policy, logger: healthLogger("producer"))
    }

    @Test("outbox relay: rows waiting and none published → not ready naming the relay; stuck only while the broker counts as reachable; published → ready")
    func relayStall() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic(Topic.contacts.name, partitions: 3, replicationFactor: 1)
        let database = try await messagingDatabase("relay")
        let producer = try producer(cluster)
        cluster.setBrokerDown(-1)
        try await database.pool.withTransaction { connection in
            try await Outbox(schema: database.schema).append(try (0..<5).map { try OutboxEntry(self.event($0)) }, on: connection)
        }
        let relay = OutboxRelay(configuration: OutboxRelay.Configuration(schema: database.schema), pool: database.pool,
                                postgres: database.postgres, producer: producer, logger: healthLogger("relay"))
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "health-admin"),
                                   logger: healthLogger("admin"))
        let broker = DependencyMonitor.broker(admin, interval: .milliseconds(200), overdue: .seconds(1))
        let health = HealthRegistry(policy: shortPolicy())
        health.add(broker)
        health.add(.relay(relay.progress))
        // The same relay judged as if nothing else were watched: its stall alone decides liveness.
        let alone = HealthRegistry(policy: shortPolicy())
        alone.add(.relay(relay.progress))

        let runs = [Task { try await relay.run() }, Task { try await broker.run() }]
        try await servingProbes(health) { probes in
            let stalled = try await probes.await("/health/ready", "the relay to stall") {
                $0.checks["outbox-relay"]?.hasPrefix("5 outbox row(s) waiting, none published for") == true
            }
            #expect(stalled.status == 503)
            #expect(stalled.checks["kafka"] != "ok", "the broker is down too: \(stalled.checks)")
            let later = ContinuousClock.now + .seconds(10)
            #expect(health.liveness(now: later).healthy,
                    "waiting for an unreachable broker is not stuck: a restart would not help (\(health.liveness(now: later).checks))")
            let stuck = alone.liveness(now: later)
            #expect(stuck.checks["outbox-relay"]?.hasPrefix("stuck: 5 outbox row(s) waiting; no progress for") == true, "\(stuck.checks)")
            #expect(try await probes.get("/health/live").status == 200)

            cluster.setBrokerUp(-1)
            _ = try await probes.await("/health/ready", "ready once the rows are published", timeout: .seconds(30)) { $0.status == 200 }
            #expect(try await unpublished(database) == 0)
            #expect(alone.liveness(now: .now + .seconds(10)).healthy, "nothing waiting: not stuck")
        }
        for run in runs { run.cancel() }
        for run in runs { _ = try? await run.value }
        await producer.shutdown(timeout: .seconds(2))
        await admin.shutdown()
        await database.tearDown()
    }

    /// Applies events; while `failing` is set, every batch fails with a transient error.
    private final class SwitchableHandler: EventHandler {
        let failing = Mutex(false)
        let applied = Mutex(0)

        func register(_ routes: inout EventRoutes) {
            routes.on(ContactsUpserted.self, apply)
        }

        func apply(_ event: CloudEvent<ContactsUpserted>, _ context: HandlerContext) async throws {
            if failing.withLock({ $0 }) {
                throw KafkaError(code: .timedOut, message: "the test says no", operation: "handle \(event.id)")
            }
            applied.withLock { $0 += 1 }
        }
    }

    @Test("inbox consumer: joining → not ready; a steady member → ready; out of its group (brokers down) → not ready; a batch failing → not ready; each back to ready")
    func consumer() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic(Topic.contacts.name, partitions: 1, replicationFactor: 1)
        let database = try await messagingDatabase("consumer")
        let producer = try producer(cluster)
        let handler = SwitchableHandler()
        var kafka = KafkaConsumerConfiguration(client: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "health-consumer"),
                                               groupID: "health-\(UUID())", topics: [])
        kafka.sessionTimeout = .seconds(6)
        var configuration = EventConsumer.Configuration(name: "health.contacts", service: .notifications, schema: database.schema, kafka: kafka)
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(200))
        configuration.groupCheckInterval = .milliseconds(200)
        let consumer = try EventConsumer(configuration: configuration, pool: database.pool, producer: producer,
                                         routes: EventRoutes(handler), logger: healthLogger("consumer"))
        let health = HealthRegistry(policy: shortPolicy())
        health.add(.consumer(consumer.progress, name: "health.contacts"))
        let check = "consumer health.contacts"

        try await servingProbes(health) { probes in
            let before = try await probes.get("/health/ready")
            #expect(before.status == 503 && before.checks[check]?.hasPrefix("joining its consumer group") == true, "\(before.checks)")
            #expect(try await probes.get("/health/live").status == 200, "joining is not dead")

            let run = Task { try await consumer.run() }
            defer { run.cancel() }
            _ = try await probes.await("/health/ready", "the consumer to join its group") { $0.status == 200 }

            cluster.setBrokerDown(-1)
            let lost = try await probes.await("/health/ready", "the consumer to lose its group", timeout: .seconds(40)) {
                $0.checks[check]?.hasPrefix("not a member of its consumer group for") == true
            }
            #expect(lost.status == 503)
            cluster.setBrokerUp(-1)
            _ = try await probes.await("/health/ready", "the consumer back in its group", timeout: .seconds(40)) { $0.status == 200 }

            handler.failing.withLock { $0 = true }
            _ = try await producer.send(KafkaOutgoingMessage(topic: Topic.contacts.name, key: nil, value: try event(1).encoded()))
            let failing = try await probes.await("/health/ready", "the batch to fail for a while", timeout: .seconds(20)) {
                $0.checks[check]?.contains("one batch has failed for") == true
            }
            #expect(failing.status == 503 && failing.checks[check]?.contains("the test says no") == true, "\(failing.checks)")
            handler.failing.withLock { $0 = false }
            _ = try await probes.await("/health/ready", "ready once the batch went through", timeout: .seconds(20)) { $0.status == 200 }
            #expect(handler.applied.withLock { $0 } == 1)
            run.cancel()
            _ = try? await run.value
        }
        await producer.shutdown(timeout: .seconds(2))
        await database.tearDown()
    }

    @Test("producer: while no producer is in place (a repeated failure waiting its backoff) → not ready naming it; failing again and again → stuck; a new producer that delivers → ready and live")
    func producerFailures() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        try cluster.createTopic(Topic.contacts.name, partitions: 1, replicationFactor: 1)
        var policy = KafkaProducerSupervisor.ReplacementPolicy()
        policy.firstDelay = .seconds(8)  // the "no producer" window: longer than a stall of the loaded test machine
        let producer = try producer(cluster, policy: policy)
        let health = HealthRegistry(policy: shortPolicy())
        health.add(.producer(producer))

        try await servingProbes(health) { probes in
            _ = try await probes.await("/health/ready", "ready with a working producer") { $0.status == 200 }
            producer.simulateFatalErrorForTesting(reason: "health-tests: first")
            try await waitUntil("the first replacement") { producer.replacements == 1 }
            #expect(health.readiness().healthy && health.liveness(now: .now + .seconds(60)).healthy,
                    "one failure, one working replacement: nothing to report")
            producer.simulateFatalErrorForTesting(reason: "health-tests: second")
            let waiting = try await probes.await("/health/ready", "no producer during the backoff", timeout: .seconds(10)) {
                $0.status == 503
            }
            #expect(waiting.checks["kafka-producer"]?.contains("no Kafka producer: 2 failed for good in a row") == true, "\(waiting.checks)")
            let stuck = health.liveness(now: .now + .seconds(10))
            #expect(stuck.checks["kafka-producer"]?.hasPrefix("stuck: Kafka producers failing for good") == true, "\(stuck.checks)")

            _ = try await probes.await("/health/ready", "ready with the second replacement", timeout: .seconds(20)) { $0.status == 200 }
            _ = try await producer.send(KafkaOutgoingMessage(topic: Topic.contacts.name, key: nil, value: Array("ok".utf8)))
            #expect(health.liveness(now: .now + .seconds(10)).healthy, "a delivery by the replacement ends the failing streak")
        }
        await producer.shutdown(timeout: .seconds(2))
    }
}
