import Contracts
import Domain
import Foundation
import Postgres

/// Writes events into a service's transactional outbox with the envelope filled in the same way for
/// every event: `source` (the service), `causationid` (the event that caused it, if any),
/// `correlationid` (the flow it belongs to: a request's id for the request's whole journey) and
/// `traceparent` (the trace it continues, with a new span id for each event).
///
/// Event handlers get one through their context (``HandlerContext/emit(_:subject:correlationID:time:)``).
/// Work started elsewhere makes its own: an HTTP request in intake (the trace is the request's, from
/// ``TraceParent/current``), a scheduler or a worker (the trace stored with the work, or a fresh one):
///
/// ```swift
/// try await pool.withTransaction { connection in
///     try await connection.execute(...)                                  // the state change
///     let events = EventEmitter(service: .intake, schema: "intake", correlationID: requestID)
///     try await events.emit(submitted, on: connection)                   // commits with it
/// }
/// ```
///
/// Nothing outside Messaging and Contracts builds a `CloudEvent` by hand.
public struct EventEmitter: Sendable {
    /// The service whose outbox this writes (and whose `source` the events carry).
    public let service: ServiceName
    public let outbox: Outbox
    /// The event that caused the ones emitted here.
    public let causationID: UUID?
    /// The flow the emitted events belong to, unless an `emit` call names another.
    public let correlationID: String?
    /// The trace the emitted events continue; each gets a new span id in it.
    public let trace: TraceParent

    /// - Parameter trace: the trace to continue; by default the task's current one
    ///   (``TraceParent/current``), or a fresh trace when there is none.
    public init(service: ServiceName, schema: String, causationID: UUID? = nil, correlationID: String? = nil,
                trace: TraceParent? = nil) {
        self.service = service
        self.outbox = Outbox(schema: schema)
        self.causationID = causationID
        self.correlationID = correlationID
        self.trace = trace ?? TraceParent.current ?? .fresh()
    }

    /// Writes `payload` as an event into the outbox in `connection`'s transaction (keyed by its
    /// aggregate id; the relay is woken at commit) and returns the event written.
    /// - Parameters:
    ///   - subject: overrides the payload's subject.
    ///   - correlationID: overrides the emitter's correlation id for this event.
    ///   - time: when it happened.
    @discardableResult
    public func emit<Payload: EventPayload>(_ payload: Payload, subject: String? = nil, correlationID: String? = nil,
                                            time: Date = Date(), on connection: PostgresConnection) async throws -> CloudEvent<Payload> {
        let event = envelope(payload, subject: subject, correlationID: correlationID, time: time)
        try await outbox.append(OutboxEntry(event), on: connection)
        return event
    }

    /// Writes many events in order, as `emit` would one by one, in a few statements (an allocation
    /// round's tens of thousands of proposals); `correlationID` gives each event's correlation id
    /// (`nil`: the emitter's). Returns the events written.
    @discardableResult
    public func emit<Payload: EventPayload>(all payloads: [Payload], correlationID: (Payload) -> String? = { _ in nil },
                                            time: Date = Date(), on connection: PostgresConnection) async throws -> [CloudEvent<Payload>] {
        let events = payloads.map { envelope($0, correlationID: correlationID($0), time: time) }
        try await outbox.append(try events.map(OutboxEntry.init), on: connection)
        return events
    }

    /// The event `emit` would write, without writing it: for a caller that collects events of several
    /// types and appends them together, in order, with `Outbox.append(_:on:)`
    /// (`OutboxEntry(event)` for each): the certification scheduler's batches of transitions and
    /// reminders.
    public func event<Payload: EventPayload>(_ payload: Payload, subject: String? = nil, correlationID: String? = nil,
                                             time: Date = Date()) -> CloudEvent<Payload> {
        envelope(payload, subject: subject, correlationID: correlationID, time: time)
    }

    /// The event `emit` would write and the one outbox `INSERT` that writes it, without running it:
    /// for a caller that sends its transaction's statements together in a pipeline (intake's
    /// submissions). The statement does not `NOTIFY`; the caller wakes the relay after the commit
    /// (``OutboxNotifier``).
    public func insertion<Payload: EventPayload>(_ payload: Payload, subject: String? = nil, correlationID: String? = nil,
                                                 time: Date = Date()) throws -> (event: CloudEvent<Payload>, statement: PostgresQuery) {
        let event = envelope(payload, subject: subject, correlationID: correlationID, time: time)
        return (event, outbox.insertion(try OutboxEntry(event)))
    }

    /// Writes a tombstone for `key` on the compacted `topic` (erases the key's value everywhere),
    /// with the trace in its `traceparent` header.
    public func emitTombstone(_ topic: Topic, key: String, on connection: PostgresConnection) async throws {
        precondition(topic.isCompacted, "tombstones are only meaningful on compacted topics, not \(topic.name)")
        var entry = OutboxEntry.tombstone(topic: topic, key: key)
        entry.headers["traceparent"] = trace.child().header
        try await outbox.append(entry, on: connection)
    }

    /// The event `emit` writes.
    func envelope<Payload: EventPayload>(_ payload: Payload, subject: String? = nil, correlationID: String? = nil,
                                         time: Date = Date()) -> CloudEvent<Payload> {
        var event = CloudEvent(payload, source: service.eventSource, time: time,
                               correlationID: correlationID ?? self.correlationID,
                               causationID: causationID?.lowercased, traceparent: trace.child().header)
        if let subject { event.subject = subject }
        return event
    }
}
