import Contracts
import Foundation
import Messaging

/// Where the tracker's handlers send their events: the service's outbox, in the transaction that
/// made the change, through the handler context (source, causation, correlation and trace filled in
/// from the event handled, ``HandlerEvents``). The scheduler's scan collects its batches' events
/// instead and writes them together (``ScanEvents``).
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
