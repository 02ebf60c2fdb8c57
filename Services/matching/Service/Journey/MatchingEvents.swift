import Contracts
import Foundation
import Messaging
import Postgres

/// Writes matching's events into its outbox, in the caller's transaction, with the envelope filled in
/// one way: `source` matching, `causationid` the event being handled (if any), `correlationid` the
/// flow (a request's id for its whole journey, the budget key for budget events, the round id for a
/// round), `traceparent` the trace the work continues.
///
/// Temporary seam: when Messaging's typed routing lands this wraps its `EventEmitter`.
struct MatchingEvents: Sendable {
    let causationID: UUID?
    let traceparent: String?

    init(causationID: UUID? = nil, traceparent: String? = nil) {
        self.causationID = causationID
        self.traceparent = traceparent
    }

    /// Caused by a handled event.
    init(cause: EventHeader) {
        self.init(causationID: cause.id, traceparent: cause.traceparent)
    }

    /// Writes `payload` as an event correlated with `correlationID` and returns its header.
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date,
                                     on connection: PostgresConnection) async throws -> EventHeader {
        let event = CloudEvent(payload, source: ServiceName.matching.eventSource, time: time, correlationID: correlationID,
                               causationID: causationID?.uuidString.lowercased(), traceparent: traceparent)
        try await Outbox(schema: MatchingService.schema).append(event, on: connection)
        return event.header
    }
}
