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
/// allocation rounds (``RoundReadModel``), certificates (``CertificationReadModel``) and messages
/// that failed for good (``NotificationFailureReadModel``). Other event
/// types on those topics are skipped, so producers can add new ones first.
struct TimelineHandler: EventHandler {
    func register(_ routes: inout EventRoutes) {
        // The coupon journey (otop.matches).
        routes.on(MatchAwaitingScreening.self, applying: RequestTimeline.apply)
        routes.on(MatchScreened.self, applying: RequestTimeline.apply)
        routes.on(MatchProposed.self, applying: ProposalReadModel.apply, RoundReadModel.apply, RequestTimeline.apply)
        routes.on(MatchUnavailable.self, applying: RequestTimeline.apply)
        routes.on(MatchAccepted.self, applying: ProposalReadModel.apply, RequestTimeline.apply)
        routes.on(MatchDeclined.self, applying: ProposalReadModel.apply, RequestTimeline.apply)
        routes.on(MatchExpired.self, applying: ProposalReadModel.apply, RequestTimeline.apply)
        routes.on(MatchWithdrawn.self, applying: AssignmentReadModel.apply, ProposalReadModel.apply, RequestTimeline.apply)
        routes.on(MatchAssigned.self, applying: AssignmentReadModel.apply, ProposalReadModel.apply, RequestTimeline.apply)
        routes.on(MatchWorkReported.self, applying: RequestTimeline.apply)
        routes.on(MatchCompleted.self, applying: AssignmentReadModel.apply, RequestTimeline.apply)
        routes.on(MatchRated.self, applying: AssignmentReadModel.apply, RequestTimeline.apply)
        routes.on(MatchCommandRefused.self, applying: RequestTimeline.apply)
        routes.on(MatchWaitlisted.self, applying: RoundReadModel.apply, RequestTimeline.apply)
        routes.on(BudgetUpdated.self, applying: BudgetReadModel.apply)
        routes.on(BudgetSetRefused.self, applying: BudgetReadModel.apply)
        routes.on(RoundCompleted.self, applying: RoundReadModel.apply)
        // Deliveries (otop.notifications).
        routes.on(NotificationDelivered.self, applying: RequestTimeline.apply)
        routes.on(NotificationFailed.self, applying: NotificationFailureReadModel.apply, RequestTimeline.apply)
        // Certificates (otop.certifications). The assignments that let a provider report its
        // request's certificate steps come from the journey's `match.*` events above.
        routes.on(CertificationPlanned.self, applying: CertificationReadModel.apply, RequestTimeline.apply)
        routes.on(CertificationStepChanged.self, applying: CertificationReadModel.apply, RequestTimeline.apply)
        routes.on(CertificationReminderDue.self, applying: CertificationReadModel.apply, RequestTimeline.apply)
        routes.on(CertificationReportRefused.self, applying: CertificationReadModel.apply, RequestTimeline.apply)
    }
}

extension EventRoutes {
    /// Routes `type` to each read model's `apply`, in order, on the batch's connection.
    fileprivate mutating func on<Payload: EventPayload>(
        _ type: Payload.Type, applying models: (@Sendable (CloudEvent<Payload>, PostgresConnection) async throws -> Void)...
    ) {
        on(type) { event, context in
            for apply in models { try await apply(event, context.connection) }
        }
    }
}
