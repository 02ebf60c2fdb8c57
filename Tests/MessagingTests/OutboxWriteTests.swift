import Contracts
import Foundation
import Kafka
import Messaging
import Postgres
import Synchronization
import TestSupport
import Testing

/// Writing to the outbox without `NOTIFY` in the transaction (``Outbox/insertion(_:)`` in a
/// pipeline) and waking the relays afterwards with an ``OutboxNotifier``; headers kept exactly.
@Suite("Outbox writes (real PostgreSQL and broker)")
struct OutboxWriteTests {
    private func relay(_ f: MessagingFixture, _ producer: KafkaProducerSupervisor) -> OutboxRelay {
        var configuration = OutboxRelay.Configuration(schema: f.schema)
        configuration.naming = f.naming
        configuration.idleRecheck = .seconds(120)  // only a wake-up may make it look
        return OutboxRelay(configuration: configuration, pool: f.pool, postgres: f.postgres, producer: producer, logger: f.logger)
    }

    @Test("rows written with insertion() send no notification at commit; the notifier's signal does, once per burst")
    func notifierWakesListeners() async throws {
        let f = try await MessagingFixture.make("notifier")
        let listener = PostgresListener(configuration: f.postgres, channels: [MessagingTables.outboxChannel(schema: f.schema)],
                                        logger: f.logger)
        let received = NotificationCount(), connected = NotificationCount()
        let listening = Task {
            for await event in listener.events() { if event.isReconnect { connected.add() } else { received.add() } }
        }
        let notifier = OutboxNotifier(schema: f.schema, pool: f.pool, logger: f.logger)
        let running = Task { try await notifier.run() }
        // The listener yields its reconnect signal once it listens.
        _ = try await eventually("the listener to listen", timeout: .seconds(10)) { connected.value >= 1 ? true : nil }

        let outbox = Outbox(schema: f.schema)
        _ = try await f.pool.pipeline([outbox.insertion(try OutboxEntry(f.event(1))), outbox.insertion(try OutboxEntry(f.event(2)))])
        // A notification would arrive within milliseconds; give it a generous moment to show it does not.
        try await Task.sleep(for: .milliseconds(500))
        #expect(received.value == 0, "insertion() must not notify inside the writer's transaction")

        for _ in 0..<50 { notifier.signal() }
        _ = try await eventually("the notifier's notification", timeout: .seconds(10)) { received.value >= 1 ? true : nil }
        #expect(received.value <= 2, "50 signals in a burst are folded into one or two notifications, not 50")

        running.cancel()
        _ = try? await running.value
        await listener.close()
        _ = await listening.value
        await f.tearDown()
    }

    @Test("a relay publishes rows written without NOTIFY as soon as the notifier is signalled")
    func relayWokenByNotifier() async throws {
        let f = try await MessagingFixture.make("notified")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        let relay = relay(f, producer)
        let notifier = OutboxNotifier(schema: f.schema, pool: f.pool, logger: f.logger)
        let tasks = [Task { try await relay.run() }, Task { try await notifier.run() }]
        let outbox = Outbox(schema: f.schema)
        let events = (0..<10).map { f.event($0) }
        // The first row may be found by the relay's first pass; after it, the relay waits for a wake-up
        // (its idle re-check is two minutes away), so the other nine need the notifier.
        for batch in [events.prefix(1), events.dropFirst()] {
            for event in batch {
                _ = try await f.pool.pipeline([outbox.insertion(try OutboxEntry(event))])
                notifier.signal()
            }
            _ = try await eventually("every row published", timeout: .seconds(20)) { () -> Bool? in
                try await f.unpublishedCount() == 0 ? true : nil
            }
        }
        let messages = try await f.read(Topic.contacts.name, atLeast: 10)
        #expect(Set(try messages.map { try IncomingEvent(bytes: $0.value).header.id }) == Set(events.map(\.id)))

        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("headers with quotes, backslashes, control characters and Thai reach the broker unchanged")
    func headersKeptExactly() async throws {
        let f = try await MessagingFixture.make("headers")
        let producer = try f.producer()
        try await f.ensure([Topic.contacts.name])
        let headers = ["content-type": cloudEventsContentType, "quote\"d": "a \"quoted\" \\ value",
                       "control": "tab\there\nnew line \u{1}", "thai": "หัวข้อภาษาไทย", "empty": ""]
        let entry = OutboxEntry(eventID: UUID(), topic: Topic.contacts.name, key: Array("key".utf8),
                                payload: Array("{}".utf8), headers: headers)
        try await f.pool.withTransaction { try await Outbox(schema: f.schema).append(entry, on: $0) }
        #expect(try await relay(f, producer).publishOnce() == .published(1))
        let message = try #require(try await f.read(Topic.contacts.name, atLeast: 1).first)
        var read: [String: String] = [:]
        for header in message.headers { read[header.key] = header.value.map { String(decoding: $0, as: UTF8.self) } }
        #expect(read == headers)
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }
}

@Suite("Test topics (real broker)")
struct TestTopicCleanupTests {
    @Test("a fixture's tearDown deletes every topic under its prefix")
    func tearDownDeletesTopics() async throws {
        let f = try await MessagingFixture.make("cleanup")
        try await f.ensure([Topic.contacts.name, Topic.contacts.name + ".dlq", Topic.requests.name])
        #expect(try await f.remainingTopics().count == 3)
        await f.tearDown()
        _ = try await eventually("the fixture's topics to be gone", timeout: .seconds(20)) { () -> Bool? in
            try await f.remainingTopics().isEmpty ? true : nil
        }
    }
}

/// A counter shared with a listening task.
final class NotificationCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
