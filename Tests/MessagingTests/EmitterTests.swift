import Contracts
import Domain
import Foundation
import Kafka
import Messaging
import Postgres
import Testing

/// Emitting through the handler context and through an ``EventEmitter`` outside handlers, read back
/// from the real outbox table.
@Suite("Emitting events: envelope filled in once (real PostgreSQL)")
struct EmitterTests {
    /// One outbox row as the relay would publish it.
    struct Row {
        var topic: String
        var key: String?
        var payload: [UInt8]?
        var headers: [String: String]

        func event<P: EventPayload>(_ type: P.Type) throws -> CloudEvent<P> {
            try IncomingEvent(bytes: try #require(payload)).decode(P.self)
        }
    }

    private func outbox(_ f: MessagingFixture) async throws -> [Row] {
        try await f.pool.query("""
            SELECT topic, message_key, payload, headers::text AS headers FROM \(identifier: f.schema).outbox ORDER BY seq
            """).map { row in
            Row(topic: try row.decode(String.self, column: "topic"),
                key: try row.decode([UInt8]?.self, column: "message_key").map { String(decoding: $0, as: UTF8.self) },
                payload: try row.decode([UInt8]?.self, column: "payload"),
                headers: try JSONDecoder().decode([String: String].self, from: Data(try row.decode(String.self, column: "headers").utf8)))
        }
    }

    private func incoming(_ event: CloudEvent<ContactsUpserted>, offset: Int64, naming: TopicNaming) throws -> KafkaIncomingMessage {
        KafkaIncomingMessage(topic: naming.physical("otop.contacts"), partition: 0, offset: offset,
                             key: Array(event.data.aggregateID.utf8), value: try event.encoded())
    }

    @Test("emit in a handler fills in source, causation, correlation and a new span in the handled event's trace")
    func handlerEmitFillsEnvelope() async throws {
        let f = try await MessagingFixture.make("emit")
        let processor = try f.processor("emit", handler: EmittingHandler(schema: f.schema))
        let trace = try #require(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        var handled = f.event(1)
        handled.correlationid = "2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21"
        handled.traceparent = trace.header
        #expect(try await processor.process([try incoming(handled, offset: 0, naming: f.naming)]).processed == 1)

        let rows = try await outbox(f)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        let emitted = try row.event(NotificationFailed.self)
        #expect(emitted.source == "/otop/matching", "the consuming service")
        #expect(emitted.causationid == handled.id.lowercased)
        #expect(emitted.correlationid == "2b6f0c8e-4d1a-4b9e-8f3c-7a6e5d4c3b21")
        #expect(emitted.subject == emitted.data.subject)
        let emittedTrace = try #require(emitted.header.trace, "a valid traceparent")
        #expect(emittedTrace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736", "the handled event's trace")
        #expect(emittedTrace.spanID != trace.spanID, "a span of its own")
        #expect(row.headers["traceparent"] == emitted.traceparent, "the Kafka header carries the same trace")
        #expect(row.topic == "otop.notifications")
        #expect(row.key == emitted.data.aggregateID)
        // The handler ran with the handled event's trace as the task's current trace.
        let seen = try await f.pool.query("SELECT trace, current_trace FROM \(identifier: f.schema).routed")
        #expect(try seen.map { try $0.decode(String.self, column: "trace") } == [trace.header])
        #expect(try seen.map { try $0.decode(String?.self, column: "current_trace") } == [trace.header])
        await f.tearDown()
    }

    @Test("an emit call may name another subject and correlation")
    func overrides() async throws {
        let f = try await MessagingFixture.make("overrides")
        let processor = try f.processor("overrides", handler: EmittingHandler(schema: f.schema))
        var handled = f.event(1)
        handled.data.partyName = EmittingHandler.overridingName
        handled.correlationid = "provider-registration"
        _ = try await processor.process([try incoming(handled, offset: 0, naming: f.naming)])
        let emitted = try #require(try await outbox(f).first).event(NotificationFailed.self)
        #expect(emitted.subject == "request/\(EmittingHandler.journey)")
        #expect(emitted.correlationid == EmittingHandler.journey)
        #expect(emitted.causationid == handled.id.lowercased)
        await f.tearDown()
    }

    @Test("an event with no or an invalid traceparent is handled in a fresh trace, which what it emits continues")
    func freshTraceForUntracedEvents() async throws {
        let f = try await MessagingFixture.make("untraced")
        let processor = try f.processor("untraced", handler: EmittingHandler(schema: f.schema))
        let none = f.event(1)
        var invalid = f.event(2)
        invalid.traceparent = "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01"   // upper case: invalid
        let outcome = try await processor.process([try incoming(none, offset: 0, naming: f.naming),
                                                   try incoming(invalid, offset: 1, naming: f.naming)])
        #expect(outcome.processed == 2)
        #expect(outcome.deadLetters.isEmpty, "a bad trace is no reason to refuse an event")
        let handlerTraces = try await f.pool.query("SELECT trace FROM \(identifier: f.schema).routed ORDER BY seq")
            .map { try #require(TraceParent(try $0.decode(String.self, column: "trace"))) }
        let emittedTraces = try await outbox(f).map { try #require(try $0.event(NotificationFailed.self).header.trace) }
        #expect(handlerTraces.count == 2)
        #expect(emittedTraces.map(\.traceID) == handlerTraces.map(\.traceID))
        #expect(handlerTraces[0].traceID != handlerTraces[1].traceID, "each untraced event starts its own trace")
        #expect(handlerTraces[1].traceID != "0af7651916cd43dd8448eb211c80319c")
        await f.tearDown()
    }

    @Test("an emitter outside a handler continues the task's current trace, or starts one; tombstones carry it too")
    func emitterOutsideHandlers() async throws {
        let f = try await MessagingFixture.make("emitter")
        let request = try #require(TraceParent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
        try await TraceParent.$current.withValue(request) {
            try await f.pool.withTransaction { connection in
                let events = EventEmitter(service: .intake, schema: f.schema, correlationID: "journey-1")
                try await events.emit(f.event(1).data, on: connection)
                try await events.emit(f.event(2).data, on: connection)
                try await events.emitTombstone(.contacts, key: "party-1", on: connection)
            }
        }
        try await f.pool.withTransaction { connection in
            let events = EventEmitter(service: .notifications, schema: f.schema)
            try await events.emit(f.event(3).data, on: connection)
            try await events.emit(f.event(4).data, on: connection)
        }
        let rows = try await outbox(f)
        #expect(rows.count == 5)
        let traced = try rows[0...1].map { try $0.event(ContactsUpserted.self) }
        #expect(traced.map(\.source) == ["/otop/intake", "/otop/intake"])
        #expect(traced.map(\.correlationid) == ["journey-1", "journey-1"])
        #expect(traced.map(\.causationid) == [nil, nil])
        #expect(traced.compactMap(\.header.trace?.traceID) == [request.traceID, request.traceID])
        #expect(Set(traced.compactMap(\.header.trace?.spanID)).count == 2, "each event has a span of its own")
        #expect(!traced.contains { $0.header.trace?.spanID == request.spanID })

        let tombstone = rows[2]
        #expect(tombstone.payload == nil)
        #expect(tombstone.key == "party-1")
        #expect(tombstone.headers["traceparent"].flatMap(TraceParent.init)?.traceID == request.traceID)

        let fresh = try rows[3...4].map { try $0.event(ContactsUpserted.self) }
        let freshTraces = fresh.compactMap(\.header.trace)
        #expect(freshTraces.count == 2, "valid traceparents")
        #expect(Set(freshTraces.map(\.traceID)).count == 1, "one fresh trace for the emitter's work")
        #expect(freshTraces.first?.traceID != request.traceID)
        #expect(fresh.map(\.source) == ["/otop/notifications", "/otop/notifications"])
        await f.tearDown()
    }

    @Test("many events at once keep their order, envelopes and bytes across statements, with a tombstone at its place")
    func emitAll() async throws {
        let f = try await MessagingFixture.make("emitall")
        let events = EventEmitter(service: .matching, schema: f.schema, correlationID: "flow")
        let payloads = (0..<2_345).map { f.event($0).data }
        let written = try await f.pool.withTransaction { connection in
            try await events.emit(all: payloads, correlationID: { $0.partyName.hasSuffix("7") ? "seven" : nil }, on: connection)
        }
        var rows = try await outbox(f)
        #expect(rows.count == 2_345)
        let read = try rows.map { try $0.event(ContactsUpserted.self) }
        #expect(read.map(\.id) == written.map(\.id), "in the order given, across the 1,000-row statements")
        #expect(read.map(\.data) == payloads)
        #expect(read.map(\.correlationid) == payloads.map { $0.partyName.hasSuffix("7") ? "seven" : "flow" })
        #expect(rows.map(\.key) == payloads.map(\.aggregateID))
        #expect(rows.allSatisfy { $0.headers["content-type"] == cloudEventsContentType && $0.headers["traceparent"] != nil })
        #expect(rows.first?.payload == (try written.first?.encoded()), "the bytes as emit writes them")

        // A tombstone among events keeps its place.
        let first = f.event(1), last = f.event(2)
        try await f.pool.withTransaction { connection in
            try await Outbox(schema: f.schema).append([try OutboxEntry(first), .tombstone(topic: .contacts, key: "party-1"),
                                                       try OutboxEntry(last)], on: connection)
        }
        rows = Array(try await outbox(f).suffix(3))
        #expect(try rows[0].event(ContactsUpserted.self).id == first.id)
        #expect(rows[1].payload == nil && rows[1].key == "party-1")
        #expect(try rows[2].event(ContactsUpserted.self).id == last.id)
        await f.tearDown()
    }
}

/// For each contacts event: records the trace it ran under and emits a NotificationFailed.
struct EmittingHandler: EventHandler {
    static let overridingName = "override subject and correlation"
    static let journey = "7a1c9e4f-2b8d-4f3a-8e6c-5d4b3a2f1e04"
    let schema: String

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self) { event, context in
            try await context.connection.execute("""
                INSERT INTO \(identifier: schema).routed (event_id, route, trace, current_trace)
                VALUES (\(event.id), 'emit', \(context.trace.header), \(TraceParent.current?.header))
                """)
            let failure = NotificationFailed(notificationId: UUID(), template: "request-received", channel: nil,
                                             recipientPartyId: event.data.partyId, recipientPartyKind: .enterprise,
                                             requestId: nil, causeEventId: event.id, reason: "test", attempts: 1, failedAt: Date())
            if event.data.partyName == Self.overridingName {
                try await context.emit(failure, subject: "request/\(Self.journey)", correlationID: Self.journey)
            } else {
                try await context.emit(failure)
            }
        }
    }
}
