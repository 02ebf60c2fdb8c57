import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// The tracker's consumer: enterprises (province, products), requests (target standards), the
/// assigned provider's work reports (standards taken on), and the step reports and held
/// certificates intake publishes. Each is applied by ``CertificateTracker`` in the batch
/// transaction.
struct CertificationHandler: EventHandler {
    let tracker: CertificateTracker

    func register(_ routes: inout EventRoutes) {
        routes.on(EnterpriseRegistered.self) { event, context in
            try await tracker.directory.record(event.data, on: context.connection)
        }
        routes.on(RequestSubmitted.self) { event, context in
            try await tracker.requestSubmitted(event.data, cause: event.id, events: HandlerEvents(context: context),
                                               on: context.connection, logger: context.logger)
        }
        routes.on(MatchWorkReported.self) { event, context in
            try await tracker.workReported(event.data, cause: event.id, events: HandlerEvents(context: context),
                                           on: context.connection, logger: context.logger)
        }
        routes.on(HeldCertificateRegistered.self) { event, context in
            try await tracker.heldRegistered(event.data, cause: event.id, events: HandlerEvents(context: context),
                                             on: context.connection, logger: context.logger)
        }
        routes.on(CertificationStepReported.self) { event, context in
            try await tracker.stepReported(event.data, cause: event.id, events: HandlerEvents(context: context),
                                           on: context.connection, logger: context.logger)
        }
    }
}
