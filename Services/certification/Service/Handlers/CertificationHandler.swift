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

    func register(_ routes: inout EventRoutes) {
        routes.on(RequestSubmitted.self, requestSubmitted)
    }

    private func requestSubmitted(_ event: CloudEvent<RequestSubmitted>, _ context: HandlerContext) async throws {
        guard let standard = event.data.targetStandard else { return }
        try await plan(standard, for: event.data, cause: event.header, context: context)
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
        try await context.emit(planned, time: at)
        context.logger.info("certificate planned", metadata: ["certificate_id": "\(id)", "standard": "\(standard.rawValue)"])
    }
}
