import Contracts
import Foundation
import Messaging
import Postgres

/// Where the tracker's events go: the service's outbox, in the transaction that made the change.
/// Inside a consumer batch it is the handler context (source, causation, correlation and trace filled
/// in from the event handled, ``HandlerEvents``); in the scheduler an emitter of its own bound to the
/// batch's connection (``EmitterEvents``).
protocol TrackerEvents: Sendable {
    /// Appends `payload` as an event of `correlationID`'s flow (a request's id for its journey) and
    /// returns the event's id.
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) async throws -> UUID
}

/// The events a handler causes, through its context.
struct HandlerEvents: TrackerEvents {
    let context: HandlerContext

    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) async throws -> UUID {
        try await context.emit(payload, correlationID: correlationID, time: time).id
    }
}

/// The events of work started outside a handler (the scheduler), in `connection`'s transaction.
struct EmitterEvents: TrackerEvents {
    let emitter: EventEmitter
    let connection: PostgresConnection

    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) async throws -> UUID {
        try await emitter.emit(payload, correlationID: correlationID, time: time, on: connection).id
    }
}
