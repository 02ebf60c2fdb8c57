import Contracts
import Foundation
import Kafka
import Messaging
import Postgres
import TestSupport
import Testing

@Suite("Transactional outbox and relay (real PostgreSQL and broker)")
struct OutboxRelayTests {
    private func relay(_ f: MessagingFixture, _ producer: KafkaProducerSupervisor, batchSize: Int = 500,
                       afterSend: (@Sendable ([Int64]) async throws -> Void)? = nil) -> OutboxRelay {
        var configuration = OutboxRelay.Configuration(schema: f.schema)
        configuration.batchSize = batchSize
        configuration.naming = f.naming
        return OutboxRelay(configuration: configuration, pool: f.pool, postgres: f.postgres, producer: producer,
                           logger: f.logger, afterSend: afterSend)
    }

    @Test("an event commits with its state change; a rolled-back transaction publishes nothing")
    func commitsWithTheTransaction() async throws {
        let f = try await MessagingFixture.make("commit")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        let kept = f.event(1), dropped = f.event(2)
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(kept, on: $0) }
        await #expect(throws: CancellationError.self) {
            try await f.pool.withTransaction { connection in
                try await Outbox(schema: f.schema).append(dropped, on: connection)
                throw CancellationError()
            }
        }
        #expect(try await relay(f, producer).publishOnce() == .published(1))
        #expect(try await relay(f, producer).publishOnce() == .published(0))
        let messages = try await f.read(Topic.contacts.name, atLeast: 1)
        let ids = try messages.map { try IncomingEvent(bytes: $0.value).header.id }
        #expect(ids == [kept.id])
        #expect(messages.first?.key == Array(kept.data.aggregateID.utf8))
        #expect(messages.first?.value == (try kept.encoded()))
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("a relay killed mid-batch, after sending and before marking, loses nothing")
    func killedMidBatch() async throws {
        let f = try await MessagingFixture.make("killed")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        let events = (0..<300).map { f.event($0) }
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(events.map(OutboxEntry.init), on: $0) }

        struct Killed: Error {}
        let dying = relay(f, producer, batchSize: 120) { _ in throw Killed() }
        await #expect(throws: Killed.self) { try await dying.publishOnce() }
        #expect(try await f.unpublishedCount() == 300, "the dead relay's batch stays unpublished")

        let survivor = relay(f, producer, batchSize: 120)
        var passes: [OutboxRelay.PassResult] = []
        while passes.last != .published(0) { passes.append(try await survivor.publishOnce()) }
        #expect(passes == [.published(120), .published(120), .published(60), .published(0)])
        #expect(try await f.unpublishedCount() == 0)

        let received = try await f.read(Topic.contacts.name, atLeast: 300 + 120)
        let ids = Set(try received.map { try IncomingEvent(bytes: $0.value).header.id })
        #expect(ids == Set(events.map(\.id)), "every event reached the broker")
        #expect(received.count == 420, "the killed batch was sent twice; consumers drop the copies by event id")
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("two relays running together publish every event, in order per key")
    func twoRelays() async throws {
        let f = try await MessagingFixture.make("tworelays")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        let parties = (0..<5).map { _ in UUID() }
        let first = relay(f, producer, batchSize: 25), second = relay(f, producer, batchSize: 25)
        let runs = [Task { try await first.run() }, Task { try await second.run() }]

        var written: [CloudEvent<ContactsUpserted>] = []
        for round in 0..<40 {
            let batch = parties.map { f.event(round, party: $0) }
            written += batch
            try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(batch.map(OutboxEntry.init), on: $0) }
        }
        try await waitUntil("both relays to drain the outbox") { try await f.unpublishedCount() == 0 }
        for run in runs { run.cancel() }
        for run in runs { _ = try? await run.value }

        let received = try await f.read(Topic.contacts.name, atLeast: written.count)
        let events = try received.map { try IncomingEvent(bytes: $0.value).decode(ContactsUpserted.self) }
        #expect(Set(events.map(\.id)) == Set(written.map(\.id)))
        #expect(events.count == written.count, "no batch was sent twice")
        for party in parties {
            let order = events.filter { $0.data.partyId == party }.map(\.data.partyName)
            #expect(order == (0..<40).map { "กลุ่มทดสอบ \($0)" }, "events of one key keep their order")
        }
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("a relay wakes on NOTIFY: a committed event is published without polling")
    func wakesOnNotify() async throws {
        let f = try await MessagingFixture.make("notify")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        var configuration = OutboxRelay.Configuration(schema: f.schema)
        configuration.naming = f.naming
        configuration.idleRecheck = .seconds(3600)   // only a notification can wake it within the test
        let relay = OutboxRelay(configuration: configuration, pool: f.pool, postgres: f.postgres, producer: producer, logger: f.logger)
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(f.event(0), on: $0) }
        let run = Task { try await relay.run() }
        // The first pass (at start) publishes event 0; then the relay waits, listening.
        try await waitUntil("the relay's first pass") { try await f.unpublishedCount() == 0 }
        let channel = MessagingTables.outboxChannel(schema: f.schema)
        try await waitUntil("the relay to LISTEN") {
            try await f.pool.query("""
                SELECT count(*)::int8 AS n FROM pg_stat_activity WHERE query ILIKE \("%LISTEN%" + channel + "%")
                """).first!.decode(Int.self, column: "n") > 0
        }
        let event = f.event(1)
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(event, on: $0) }
        try await waitUntil("the notified relay to publish", timeout: .seconds(15)) { try await f.unpublishedCount() == 0 }
        run.cancel()
        _ = try? await run.value
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }
}
