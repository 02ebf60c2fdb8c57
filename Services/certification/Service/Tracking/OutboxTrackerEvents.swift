import Contracts
import Foundation
import Messaging
import Postgres

/// Writes the tracker's events into `certification.outbox` on `connection`, as caused by
/// `causationID` (the event handled) and continuing `traceparent`.
struct OutboxTrackerEvents: TrackerEvents {
    let connection: PostgresConnection
    let causationID: UUID?
    let traceparent: String?
    let outbox = Outbox(schema: CertificationService.schema)

    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String, time: Date) async throws -> UUID {
        let event = CloudEvent(payload, source: ServiceName.certification.eventSource, time: time, correlationID: correlationID,
                               causationID: causationID?.uuidString.lowercased(), traceparent: traceparent)
        try await outbox.append(event, on: connection)
        return event.id
    }
}
