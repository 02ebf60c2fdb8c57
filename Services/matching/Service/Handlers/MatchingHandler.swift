import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Matching's reaction to its topics: provider profiles, submitted requests and every party's
/// command on the coupon journey (``Journey``), officers' budgets and allocation rounds
/// (``AllocationRound``), and issued certificates (a provider's past outcomes).
///
/// Temporary dispatch by type until Messaging's typed routing lands on main; each case only decodes
/// and hands over to the journey.
struct MatchingHandler: EventHandler {
    let journey: Journey
    let now: @Sendable () -> Date

    /// The topics the cases below read.
    static let topics: [Topic] = [.providers, .requests, .matchResponses, .programme, .certifications]

    func handle(_ event: IncomingEvent, in handlerContext: HandlerContext) async throws {
        let context = JourneyContext(connection: handlerContext.connection, events: MatchingEvents(cause: event.header),
                                     logger: handlerContext.logger, now: now())
        switch event.header.type {
        case ProviderRegistered.eventType:
            try await journey.providerRegistered(try event.decode(ProviderRegistered.self).data, context: context)
        case RequestSubmitted.eventType:
            try await journey.submitted(try event.decode(RequestSubmitted.self).data, context: context)
        case RequestScreened.eventType:
            let command = try event.decode(RequestScreened.self)
            try await journey.screened(command.data, command: .init(command, actor: command.data.screenedBy), context: context)
        case RequestWithdrawn.eventType:
            let command = try event.decode(RequestWithdrawn.self)
            try await journey.requestWithdrawn(command.data, command: .init(command, actor: command.data.withdrawnBy), context: context)
        case ProposalResponded.eventType:
            let command = try event.decode(ProposalResponded.self)
            try await journey.responded(command.data, command: .init(command, actor: command.data.respondedBy), context: context)
        case ProposalConfirmed.eventType:
            let command = try event.decode(ProposalConfirmed.self)
            try await journey.confirmed(command.data, command: .init(command, actor: command.data.confirmedBy), context: context)
        case WorkReported.eventType:
            let command = try event.decode(WorkReported.self)
            try await journey.workReported(command.data, command: .init(command, actor: command.data.reportedBy), context: context)
        case CompletionConfirmed.eventType:
            let command = try event.decode(CompletionConfirmed.self)
            try await journey.completionConfirmed(command.data, command: .init(command, actor: command.data.confirmedBy),
                                                  context: context)
        case WorkRated.eventType:
            let command = try event.decode(WorkRated.self)
            try await journey.rated(command.data, command: .init(command, actor: command.data.ratedBy), context: context)
        case ProposalWithdrawalOrdered.eventType:
            let command = try event.decode(ProposalWithdrawalOrdered.self)
            try await journey.proposalWithdrawalOrdered(command.data, command: .init(command, actor: command.data.orderedBy),
                                                        context: context)
        case AssignmentWithdrawalOrdered.eventType:
            let command = try event.decode(AssignmentWithdrawalOrdered.self)
            try await journey.assignmentWithdrawalOrdered(command.data, command: .init(command, actor: command.data.orderedBy),
                                                          context: context)
        case ManualAssignmentOrdered.eventType:
            let command = try event.decode(ManualAssignmentOrdered.self)
            try await journey.manualAssignmentOrdered(command.data, command: .init(command, actor: command.data.orderedBy),
                                                      context: context)
        case BudgetSet.eventType:
            try await journey.budgetSet(try event.decode(BudgetSet.self).data, context: context)
        case RoundRequested.eventType:
            try await AllocationRound(journey: journey).run(try event.decode(RoundRequested.self).data, context: context)
        case CertificationStepChanged.eventType:
            try await journey.certified(try event.decode(CertificationStepChanged.self).data, context: context)
        default:
            context.logger.debug("event type not used by matching", metadata: ["type": "\(event.header.type)"])
        }
    }
}
