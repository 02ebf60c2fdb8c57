import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Intake's consumer of the other services' events (`intake.timeline`): it only routes each event
/// type to the read models it changes, all in the batch's transaction. Each request's timeline and
/// status (``RequestTimeline``), and the read models the routes show and check: proposals
/// (``ProposalReadModel``), assignments (``AssignmentReadModel``), budgets (``BudgetReadModel``),
/// allocation rounds (``RoundReadModel``) and certificates (``CertificationReadModel``). Other event
/// types on those topics are skipped, so producers can add new ones first.
struct TimelineHandler: EventHandler {
    func register(_ routes: inout EventRoutes) {
        // The coupon journey (otop.matches).
        routes.on(MatchAwaitingScreening.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchScreened.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchProposed.self) { event, context in
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchUnavailable.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchAccepted.self) { event, context in
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchDeclined.self) { event, context in
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchExpired.self) { event, context in
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchWithdrawn.self) { event, context in
            try await AssignmentReadModel.apply(event, on: context.connection)
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchAssigned.self) { event, context in
            try await AssignmentReadModel.apply(event, on: context.connection)
            try await ProposalReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchWorkReported.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchCompleted.self) { event, context in
            try await AssignmentReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchRated.self) { event, context in
            try await AssignmentReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchCommandRefused.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(MatchWaitlisted.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(BudgetUpdated.self) { event, context in
            try await BudgetReadModel.apply(event, on: context.connection)
        }
        routes.on(BudgetSetRefused.self) { event, context in
            try await BudgetReadModel.apply(event, on: context.connection)
        }
        routes.on(RoundCompleted.self) { event, context in
            try await RoundReadModel.apply(event, on: context.connection)
        }
        // Deliveries (otop.notifications).
        routes.on(NotificationDelivered.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(NotificationFailed.self) { event, context in
            try await RequestTimeline.apply(event, on: context.connection)
        }
        // Certificates (otop.certifications). The assignments that let a provider report its
        // request's certificate steps come from the journey's `match.*` events above.
        routes.on(CertificationPlanned.self) { event, context in
            try await CertificationReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(CertificationStepChanged.self) { event, context in
            try await CertificationReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(CertificationReminderDue.self) { event, context in
            try await CertificationReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
        routes.on(CertificationReportRefused.self) { event, context in
            try await CertificationReadModel.apply(event, on: context.connection)
            try await RequestTimeline.apply(event, on: context.connection)
        }
    }
}
