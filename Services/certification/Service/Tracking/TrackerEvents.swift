import Contracts
import Foundation

/// Where the tracker's events go: the service's outbox, in the transaction that made the change.
/// Inside a consumer batch it is the handler context's emitter (source, causation, correlation and
/// trace filled in from the event handled); in the scheduler an emitter of its own.
protocol TrackerEvents: Sendable {
    /// Appends `payload` as an event of `correlationID`'s flow (a request's id for its journey) and
    /// returns the event's id.
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) async throws -> UUID
}
