import Contracts
import Foundation
import Messaging
import Postgres

/// Writes matching's events into its outbox through Messaging's `EventEmitter` (source, causation,
/// a new span in the trace filled in once), with the correlation id each journey step names: the
/// request's id for its whole journey, the budget key for budget events, the round id for a round.
struct MatchingEvents: Sendable {
    let emitter: EventEmitter

    /// Caused by the event a handler is handling.
    init(handling context: HandlerContext) {
        emitter = context.emitter
    }

    /// Work matching starts on its own (the expiry scheduler): the trace stored with the work, or a
    /// fresh one.
    init(trace: TraceParent?) {
        emitter = EventEmitter(service: .matching, schema: MatchingService.schema, trace: trace)
    }

    /// The trace the events continue (stored with proposals, so their expiry continues it).
    var trace: TraceParent { emitter.trace }

    /// Writes many events in order in a few statements, each correlated as `correlationID` says.
    func emit<Payload: EventPayload>(all payloads: [Payload], correlationID: (Payload) -> String, time: Date,
                                     on connection: PostgresConnection) async throws {
        try await emitter.emit(all: payloads, correlationID: correlationID, time: time, on: connection)
    }

    /// Writes `payload` as an event correlated with `correlationID` and returns its header.
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date,
                                     on connection: PostgresConnection) async throws -> EventHeader {
        try await emitter.emit(payload, correlationID: correlationID, time: time, on: connection).header
    }
}
