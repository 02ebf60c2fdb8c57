import Contracts
import Foundation
import Messaging

/// The events of one scan batch, collected in the order the batch decides them (each certificate's
/// transition before its reminders, certificate after certificate) and written together by a
/// ``ScanEventWriter`` in the batch's transaction: a few statements per batch instead of an
/// `INSERT` and a `pg_notify` per event.
///
/// The envelopes are those an ``EventEmitter``'s `emit` writes one by one: `source` the service,
/// no causation (nothing caused a scan but the clock), the certificate's correlation id, and the
/// batch's trace (the task's, or a fresh one) with a span of its own per event.
struct ScanEvents {
    private let emitter: EventEmitter
    /// The outbox entries so far, in order.
    private(set) var entries: [OutboxEntry] = []

    init(emitter: EventEmitter) {
        self.emitter = emitter
    }

    /// Adds `payload` as the next event, of `correlationID`'s flow (a request's id for its journey),
    /// and returns the event's id.
    @discardableResult
    mutating func add<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) throws -> UUID {
        let event = emitter.event(payload, correlationID: correlationID, time: time)
        entries.append(try OutboxEntry(event))
        return event.id
    }
}
