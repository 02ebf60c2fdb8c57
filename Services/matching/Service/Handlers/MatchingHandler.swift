import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Matching's reaction to its topics: provider profiles, submitted requests and every party's
/// command on the coupon journey (``Journey``), officers' budgets and allocation rounds
/// (``AllocationRound``), and issued certificates (a provider's past outcomes). Each function only
/// hands the decoded event to the journey with a ``JourneyContext``.
struct MatchingHandler: EventHandler {
    let journey: Journey
    /// Where "now" comes from for the journey's decisions (deadlines, expiry).
    let clock: any WallClock

    func register(_ routes: inout EventRoutes) {
        routes.on(ProviderRegistered.self) { event, context in
            try await journey.providerRegistered(event.data, context: journeyContext(context))
        }
        routes.on(RequestSubmitted.self) { event, context in
            try await journey.submitted(event.data, context: journeyContext(context))
        }
        routes.on(RequestScreened.self) { event, context in
            try await journey.screened(event.data, command: JourneyCommandEvent(event, actor: event.data.screenedBy),
                                       context: journeyContext(context))
        }
        routes.on(RequestWithdrawn.self) { event, context in
            try await journey.requestWithdrawn(event.data, command: JourneyCommandEvent(event, actor: event.data.withdrawnBy),
                                               context: journeyContext(context))
        }
        routes.on(ProposalResponded.self) { event, context in
            try await journey.responded(event.data, command: JourneyCommandEvent(event, actor: event.data.respondedBy),
                                        context: journeyContext(context))
        }
        routes.on(ProposalConfirmed.self) { event, context in
            try await journey.confirmed(event.data, command: JourneyCommandEvent(event, actor: event.data.confirmedBy),
                                        context: journeyContext(context))
        }
        routes.on(WorkReported.self) { event, context in
            try await journey.workReported(event.data, command: JourneyCommandEvent(event, actor: event.data.reportedBy),
                                           context: journeyContext(context))
        }
        routes.on(CompletionConfirmed.self) { event, context in
            try await journey.completionConfirmed(event.data, command: JourneyCommandEvent(event, actor: event.data.confirmedBy),
                                                  context: journeyContext(context))
        }
        routes.on(WorkRated.self) { event, context in
            try await journey.rated(event.data, command: JourneyCommandEvent(event, actor: event.data.ratedBy),
                                    context: journeyContext(context))
        }
        routes.on(ProposalWithdrawalOrdered.self) { event, context in
            try await journey.proposalWithdrawalOrdered(event.data, command: JourneyCommandEvent(event, actor: event.data.orderedBy),
                                                        context: journeyContext(context))
        }
        routes.on(AssignmentWithdrawalOrdered.self) { event, context in
            try await journey.assignmentWithdrawalOrdered(event.data,
                                                          command: JourneyCommandEvent(event, actor: event.data.orderedBy),
                                                          context: journeyContext(context))
        }
        routes.on(ManualAssignmentOrdered.self) { event, context in
            try await journey.manualAssignmentOrdered(event.data, command: JourneyCommandEvent(event, actor: event.data.orderedBy),
                                                      context: journeyContext(context))
        }
        routes.on(BudgetSet.self) { event, context in
            try await journey.budgetSet(event.data, context: journeyContext(context))
        }
        routes.on(RoundRequested.self) { event, context in
            try await AllocationRound(journey: journey).run(event.data, context: journeyContext(context))
        }
        routes.on(CertificationStepChanged.self) { event, context in
            try await journey.certified(event.data, context: journeyContext(context))
        }
    }

    private func journeyContext(_ context: HandlerContext) async throws -> JourneyContext {
        JourneyContext(connection: context.connection, events: MatchingEvents(handling: context), logger: context.logger,
                       now: try await clock.now())
    }
}
