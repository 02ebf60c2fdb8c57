import Contracts
import Foundation
import Kafka
import Messaging
import Postgres
import Synchronization
import TestSupport
import Testing

/// The outbox relay keeps publishing when its producer fails for good: the supervisor replaces the
/// producer and the relay sends the undelivered rows again, in order. Real PostgreSQL; the failure
/// comes from librdkafka's mock cluster (a forced fatal error) or from a private tansu frozen for
/// longer than the producer's delivery timeout (the fence seen in issue 6).
@Suite("Outbox relay across producer failures (real PostgreSQL)")
struct ProducerReplacementTests {
    private func relay(_ f: MessagingFixture, _ producer: KafkaProducerSupervisor, batchSize: Int) -> OutboxRelay {
        var configuration = OutboxRelay.Configuration(schema: f.schema)
        configuration.batchSize = batchSize
        configuration.naming = f.naming
        configuration.retry = RetryPolicy(initialDelay: .milliseconds(50), maximumDelay: .milliseconds(500))
        return OutboxRelay(configuration: configuration, pool: f.pool, postgres: f.postgres, producer: producer, logger: f.logger)
    }

    /// Every written event arrived, and each party's events, copies dropped (as an inbox does),
    /// arrived in the order they were written.
    private func expectAllInOrder(_ received: [KafkaIncomingMessage], written: [CloudEvent<ContactsUpserted>],
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        var seen = Set<UUID>()
        var applied: [CloudEvent<ContactsUpserted>] = []
        for message in received {
            let event = try IncomingEvent(bytes: message.value).decode(ContactsUpserted.self)
            if seen.insert(event.id).inserted { applied.append(event) }
        }
        #expect(seen == Set(written.map(\.id)), "every outbox row reached the topic (\(seen.count) of \(written.count))",
                sourceLocation: sourceLocation)
        for party in Set(written.map(\.data.partyId)) {
            #expect(applied.filter { $0.data.partyId == party }.map(\.id) == written.filter { $0.data.partyId == party }.map(\.id),
                    "party \(party): events in the order written", sourceLocation: sourceLocation)
        }
    }

    @Test("a fatal producer error mid-stream (mock cluster): the producer is replaced and every row is published, in order per key")
    func fatalErrorMidStream() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let f = try await MessagingFixture.make("fatal", brokers: cluster.bootstrapServers)
        try cluster.createTopic(f.naming.physical(Topic.contacts.name), partitions: 3, replicationFactor: 1)
        let producer = try f.producer()
        let parties = (0..<5).map { _ in UUID() }
        let written = (0..<60).flatMap { round in parties.map { f.event(round, party: $0) } }
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(written.map(OutboxEntry.init), on: $0) }

        let relay = relay(f, producer, batchSize: 20)
        let run = Task { try await relay.run() }
        try await waitUntil("a part of the outbox to be published") { try await f.unpublishedCount() <= written.count - 60 }
        producer.simulateFatalErrorForTesting(reason: "messaging-tests: fatal mid-stream")
        try await waitUntil("the relay to publish the rest with a new producer", timeout: .seconds(30)) {
            try await f.unpublishedCount() == 0
        }
        run.cancel()
        _ = try? await run.value
        #expect(producer.replacements == 1)
        try expectAllInOrder(try await f.read(Topic.contacts.name, atLeast: written.count), written: written)
        await producer.shutdown(timeout: .seconds(2))
        await f.tearDown()
    }

    @Test("a private tansu frozen for longer than the delivery timeout fences the producer; the relay gets every row published once in effect, in order, without a restart")
    func frozenBrokerFence() async throws {
        try await PrivateBroker.with { broker in
            let f = try await MessagingFixture.make("fence", brokers: broker.address)
            try await f.ensure([Topic.contacts.name])
            var configuration = KafkaProducerConfiguration(client: f.client("msgtest-fenced-producer"))
            // Short timeouts so that a short stall makes messages time out: librdkafka then bumps the
            // producer epoch, which tansu answers with PRODUCER_FENCED (docs/kafka.md).
            configuration.messageTimeout = .seconds(2)
            configuration.client.properties = ["request.timeout.ms": "1500"]
            let producer = try KafkaProducerSupervisor(configuration: configuration, logger: f.logger)
            let relay = relay(f, producer, batchSize: 50)
            let run = Task { try await relay.run() }

            // Events keep coming in (four parties) before, during and after the stall.
            let parties = (0..<4).map { _ in UUID() }
            let written = Mutex<[CloudEvent<ContactsUpserted>]>([])
            let writing = Task {
                var round = 0
                while !Task.isCancelled {
                    let event = f.event(round, party: parties[round % parties.count])
                    try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(event, on: $0) }
                    written.withLock { $0.append(event) }
                    round += 1
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await waitUntil("events to flow before the stall") {
                let unpublished = try await f.unpublishedCount()
                return written.withLock { $0.count } >= 20 && unpublished < 5
            }
            broker.pause()
            try await Task.sleep(for: .seconds(6))  // the stall itself: three delivery timeouts
            broker.resume()
            try await Task.sleep(for: .seconds(1))  // and traffic after it
            writing.cancel()
            _ = try? await writing.value
            try await waitUntil("every outbox row published after the stall", timeout: .seconds(60)) {
                try await f.unpublishedCount() == 0
            }
            run.cancel()
            _ = try? await run.value
            #expect(producer.replacements >= 1, "the fenced producer was replaced (replacements: \(producer.replacements))")
            let events = written.withLock { $0 }
            try expectAllInOrder(try await f.read(Topic.contacts.name, atLeast: events.count), written: events)
            await producer.shutdown(timeout: .seconds(2))
            await f.tearDown()
        }
    }
}
