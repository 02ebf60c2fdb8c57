import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Opens a certificate record (state `planned`) for the standard a request targets, with the
/// standard's lifecycle steps from the catalogue, and announces it.
struct CertificationHandler: EventHandler {
    let catalogue: StandardCatalogue
    let now: @Sendable () -> Date
    let outbox = Outbox(schema: CertificationService.schema)

    func handle(_ event: IncomingEvent, in context: HandlerContext) async throws {
        switch event.header.type {
        case RequestSubmitted.eventType:
            let request = try event.decode(RequestSubmitted.self).data
            guard let standard = request.targetStandard else { return }
            try await plan(standard, for: request, cause: event.header, context: context)
        default:
            context.logger.debug("event type not used by certification", metadata: ["type": "\(event.header.type)"])
        }
    }

    private func plan(_ standard: StandardCode, for request: RequestSubmitted, cause: EventHeader,
                      context: HandlerContext) async throws {
        let definition = catalogue[standard]
        let id = UUID()
        let at = now()
        let inserted = try await context.connection.execute("""
            INSERT INTO certification.certificates (id, enterprise_id, request_id, standard, state, steps, created_at, updated_at)
            VALUES (\(id), \(request.enterpriseId), \(request.requestId), \(standard.rawValue), 'planned',
                    \(definition.steps.map(\.rawValue)), \(at), \(at))
            ON CONFLICT (request_id, standard) DO NOTHING
            """)
        guard inserted == 1 else { return }
        try await context.connection.execute("""
            INSERT INTO certification.lifecycle_steps (certificate_id, state, occurred_at, cause_event_id)
            VALUES (\(id), 'planned', \(at), \(cause.id))
            """)
        let planned = CertificationPlanned(certificateId: id, requestId: request.requestId, enterpriseId: request.enterpriseId,
                                           standard: standard, state: .planned, steps: definition.steps, plannedAt: at)
        try await outbox.append(CloudEvent(planned, source: ServiceName.certification.eventSource, time: at,
                                           correlationID: cause.correlationid, causationID: cause.id.uuidString.lowercased(),
                                           traceparent: cause.traceparent), on: context.connection)
        context.logger.info("certificate planned", metadata: ["certificate_id": "\(id)", "standard": "\(standard.rawValue)"])
    }
}
