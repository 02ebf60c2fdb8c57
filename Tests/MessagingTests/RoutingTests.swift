import Contracts
import Foundation
import Kafka
@testable import Messaging
import Postgres
import Testing

/// Typed routing through the inbox processor against the real PostgreSQL (no broker needed).
@Suite("Typed event routing (real PostgreSQL)")
struct RoutingTests {
    private func message<P: EventPayload>(_ event: CloudEvent<P>, offset: Int64, naming: TopicNaming) throws -> KafkaIncomingMessage {
        KafkaIncomingMessage(topic: naming.physical(P.topic.name), partition: 0, offset: offset,
                             key: Array(event.data.aggregateID.utf8), value: try event.encoded())
    }

    private func failed(_ n: Int) -> CloudEvent<NotificationFailed> {
        CloudEvent(NotificationFailed(notificationId: UUID(), template: "request-received", channel: .email,
                                      recipientPartyId: UUID(), recipientPartyKind: .enterprise, requestId: UUID(),
                                      causeEventId: UUID(), reason: "ทดสอบ \(n)", attempts: 1, failedAt: Date()),
                   source: "/otop/notifications")
    }

    private func delivered() -> CloudEvent<NotificationDelivered> {
        CloudEvent(NotificationDelivered(notificationId: UUID(), template: "request-received", channel: .email,
                                         recipientPartyId: UUID(), recipientPartyKind: .enterprise, requestId: UUID(),
                                         causeEventId: UUID(), deliveredAt: Date()),
                   source: "/otop/notifications")
    }

    /// The routes each event reached, in order.
    private func routed(_ f: MessagingFixture) async throws -> [(UUID?, String)] {
        try await f.pool.query("SELECT event_id, route FROM \(identifier: f.schema).routed ORDER BY seq").map {
            (try $0.decode(UUID?.self, column: "event_id"), try $0.decode(String.self, column: "route"))
        }
    }

    @Test("each event reaches the function registered for its payload type, decoded")
    func routesByType() async throws {
        let f = try await MessagingFixture.make("routes")
        let processor = try f.processor("routes", handler: RecordingHandler(schema: f.schema))
        let contacts = f.event(1), failure = failed(1), contacts2 = f.event(2)
        let outcome = try await processor.process([
            try message(contacts, offset: 0, naming: f.naming), try message(failure, offset: 1, naming: f.naming),
            try message(contacts2, offset: 2, naming: f.naming),
        ])
        #expect(outcome.processed == 3)
        let routes = try await routed(f)
        #expect(routes.map(\.0) == [contacts.id, failure.id, contacts2.id])
        #expect(routes.map(\.1) == ["contacts:กลุ่มทดสอบ 1", "failed:ทดสอบ 1", "contacts:กลุ่มทดสอบ 2"])
        await f.tearDown()
    }

    @Test("the consumer subscribes to the topics of the registered types and tombstones, and only those")
    func topicsDerived() throws {
        let routes = EventRoutes(RecordingHandler(schema: "unused"))
        #expect(routes.topics == [.contacts, .notifications])
        #expect(routes.eventTypes == [ContactsUpserted.eventType, NotificationFailed.eventType])

        var tombstonesOnly = EventRoutes()
        tombstonesOnly.onTombstone(.contacts) { _, _ in }
        #expect(tombstonesOnly.topics == [.contacts])
    }

    @Test("the consumer's Kafka subscription is the routes' topics, with the broker prefix")
    func consumerSubscription() async throws {
        let f = try await MessagingFixture.make("subscription")
        let producer = try f.producer()
        let consumer = try f.consumer("subscription", handler: RecordingHandler(schema: f.schema), producer: producer)
        #expect(consumer.configuration.kafka.topics == [f.naming.physical("otop.contacts"), f.naming.physical("otop.notifications")])
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }

    @Test("an event of a type nobody registered is skipped: no effect, no inbox row, no dead letter")
    func unknownTypeSkipped() async throws {
        let f = try await MessagingFixture.make("skip")
        let processor = try f.processor("skip", handler: RecordingHandler(schema: f.schema))
        // NotificationDelivered shares otop.notifications with NotificationFailed, which is registered.
        let unknown = delivered(), known = failed(1)
        let tombstoneElsewhere = KafkaIncomingMessage(topic: f.naming.physical("otop.notifications"), partition: 0, offset: 2,
                                                      key: Array("x".utf8), value: [])
        let outcome = try await processor.process([
            try message(unknown, offset: 0, naming: f.naming), try message(known, offset: 1, naming: f.naming), tombstoneElsewhere,
        ])
        #expect(outcome.skipped == 2, "the unregistered type and the tombstone on a topic without a tombstone handler")
        #expect(outcome.processed == 1)
        #expect(outcome.deadLetters.isEmpty)
        #expect(try await routed(f).map(\.0) == [known.id])
        let inbox = try await f.pool.query("SELECT event_id FROM \(identifier: f.schema).inbox")
        #expect(try inbox.map { try $0.decode(UUID.self, column: "event_id") } == [known.id])
        await f.tearDown()
    }

    @Test("an event of a registered type whose data does not decode is dead-lettered with the reason")
    func undecodableDeadLettered() async throws {
        let f = try await MessagingFixture.make("undecodable")
        let processor = try f.processor("undecodable", handler: RecordingHandler(schema: f.schema))
        let good = f.event(1)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(try f.event(2).encoded())) as? [String: Any])
        var data = try #require(object["data"] as? [String: Any])
        data.removeValue(forKey: "partyId")
        object["data"] = data
        let broken = KafkaIncomingMessage(topic: f.naming.physical("otop.contacts"), partition: 0, offset: 1, key: nil,
                                          value: Array(try JSONSerialization.data(withJSONObject: object)))
        let outcome = try await processor.process([try message(good, offset: 0, naming: f.naming), broken])
        #expect(outcome.processed == 1)
        #expect(outcome.deadLetters.map(\.original.offset) == [1])
        #expect(outcome.deadLetters.first?.reason == "data: data.partyId: required field is missing")
        #expect(try await routed(f).map(\.0) == [good.id])
        await f.tearDown()
    }

    @Test("a type or tombstone topic registered twice is a programming error found when the consumer is built")
    func duplicateRegistration() async throws {
        let f = try await MessagingFixture.make("duplicate")
        let error = #expect(throws: EventRoutingError.self) {
            try f.processor("duplicate", handler: TwiceHandler())
        }
        #expect(error?.problems == [
            "th.otop.contact.upserted.v1 (ContactsUpserted) is registered twice",
            "tombstones of otop.contacts are registered twice",
            "tombstones are registered for otop.requests, which is not compacted",
        ])
        let producer = try f.producer()
        #expect(throws: EventRoutingError.self) { try f.consumer("duplicate", handler: TwiceHandler(), producer: producer) }
        #expect(throws: EventRoutingError(problems: ["no event type and no tombstone topic is registered"])) {
            try InboxBatchProcessor(consumer: "empty", service: .matching, schema: f.schema, pool: f.pool,
                                    routes: EventRoutes(), logger: f.logger)
        }
        await producer.shutdown(timeout: .seconds(5))
        await f.tearDown()
    }
}

/// Records which registered function got each event (and the trace it ran under).
struct RecordingHandler: EventHandler {
    let schema: String

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self) { event, context in
            try await record(event.id, "contacts:\(event.data.partyName)", context)
        }
        routes.on(NotificationFailed.self) { event, context in
            try await record(event.id, "failed:\(event.data.reason)", context)
        }
    }

    private func record(_ id: UUID, _ route: String, _ context: HandlerContext) async throws {
        try await context.connection.execute("""
            INSERT INTO \(identifier: schema).routed (event_id, route, trace, current_trace)
            VALUES (\(id), \(route), \(context.trace.header), \(TraceParent.current?.header))
            """)
    }
}

/// Registers ContactsUpserted and contacts tombstones twice, and tombstones on a non-compacted topic.
struct TwiceHandler: EventHandler {
    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self) { _, _ in }
        routes.on(ContactsUpserted.self) { _, _ in }
        routes.onTombstone(.contacts) { _, _ in }
        routes.onTombstone(.contacts) { _, _ in }
        routes.onTombstone(.requests) { _, _ in }
    }
}
