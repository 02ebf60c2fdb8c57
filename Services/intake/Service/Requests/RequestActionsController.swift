import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import Postgres

/// A request's actions on the coupon journey: screening, withdrawal, manual assignment and its
/// withdrawal (officers; an enterprise withdraws its own requests too), the provider's work report
/// (on requests assigned to it), the enterprise's confirmation of completion and rating. Each is a
/// command matching applies (202 with the request's location; the request catches up from
/// matching's events), or a 409 problem naming the current state when intake's read model already
/// shows the action is illegal.
struct RequestActionsController: Sendable {
    let providers: ProviderStore
    let commands: CommandPublisher
    /// The pool the request's state is read from (``RequestState``).
    let pool: PostgresPool
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("requests/:id/screening", use: screenRequest)
        group.post("requests/:id/withdrawal", use: withdrawRequest)
        group.post("requests/:id/work-report", use: reportWork)
        group.post("requests/:id/completion", use: confirmCompletion)
        group.post("requests/:id/rating", use: rateWork)
        group.post("requests/:id/assignment", use: assignManually)
        group.post("requests/:id/assignment/withdrawal", use: withdrawAssignment)
    }

    @Sendable func screenRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "screen requests")
        let state = try await visibleRequest(context, client, .screen)
        let body = try await JSONBody.decode(ScreeningBody.self, from: request, context: context).validated()
        let command = RequestScreened(requestId: state.id, eligible: body.eligible, reason: body.reason,
                                      screenedBy: client.actor, screenedAt: try await clock.now())
        var summary = ["eligible": "\(body.eligible)"]
        summary["reason"] = body.reason
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)", summary: summary,
                                  context: context)
    }

    @Sendable func withdrawRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "withdraw requests")
        let state = try await visibleRequest(context, client, .withdrawRequest)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        let command = RequestWithdrawn(requestId: state.id, enterpriseId: state.enterpriseID, reason: reason,
                                       withdrawnBy: client.actor, withdrawnAt: try await clock.now())
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)",
                                  summary: ["reason": reason], context: context)
    }

    @Sendable func reportWork(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, to: "report work")
        let state = try await visibleRequest(context, client, .reportWork)
        let body = try await JSONBody.decode(WorkReportBody.self, from: request, context: context).validated()
        guard let provider = client.providerID else { throw Problem.forbidden(Messages.noProvider) }
        let command = WorkReported(requestId: state.id, providerId: provider, summary: body.summary,
                                   standardApplied: body.standardApplied, reportedBy: client.actor, reportedAt: try await clock.now())
        var summary = ["summary": body.summary]
        summary["standardApplied"] = body.standardApplied?.rawValue
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)", summary: summary,
                                  context: context)
    }

    /// The enterprise confirms the reported work, or an officer (of the request's region) does on its
    /// behalf with a reason: the same command, the officer as the actor, the reason on the timeline.
    @Sendable func confirmCompletion(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "confirm completion")
        let state = try await visibleRequest(context, client, .confirmCompletion)
        let reason = try CompletionBody.reason(of: try await CompletionBody.read(from: request, context: context),
                                               required: client.role == .officer)
        let command = CompletionConfirmed(requestId: state.id, enterpriseId: state.enterpriseID, confirmedBy: client.actor,
                                          confirmedAt: try await clock.now())
        var summary = ["by": client.role.rawValue]
        summary["reason"] = reason
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)", summary: summary,
                                  context: context)
    }

    @Sendable func rateWork(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, to: "rate work")
        let state = try await visibleRequest(context, client, .rate)
        let body = try await JSONBody.decode(RatingBody.self, from: request, context: context).validated()
        let command = WorkRated(requestId: state.id, enterpriseId: state.enterpriseID, rating: body.rating, comment: body.comment,
                                monthlyIncomeBeforeBaht: body.monthlyIncomeBeforeBaht,
                                monthlyIncomeAfterBaht: body.monthlyIncomeAfterBaht, ratedBy: client.actor, ratedAt: try await clock.now())
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)",
                                  summary: ["rating": "\(body.rating)"], context: context)
    }

    @Sendable func assignManually(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "assign providers by hand")
        let state = try await visibleRequest(context, client, .assignManually)
        let body = try await JSONBody.decode(ManualAssignmentBody.self, from: request, context: context).validated()
        guard try await providers.exists(id: body.providerID) else {
            throw Problem.validation([.init(field: "providerId", detail: Messages.unregisteredProvider(body.providerID))])
        }
        let command = ManualAssignmentOrdered(requestId: state.id, providerId: body.providerID, reason: body.reason,
                                              orderedBy: client.actor, orderedAt: try await clock.now())
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)",
                                  summary: ["providerId": body.providerID.lowercased, "reason": body.reason], context: context)
    }

    @Sendable func withdrawAssignment(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "withdraw assignments")
        let state = try await visibleRequest(context, client, .withdrawAssignment)
        let body = try await JSONBody.decode(AssignmentWithdrawalBody.self, from: request, context: context).validated()
        let command = AssignmentWithdrawalOrdered(requestId: state.id, reason: body.reason, rematch: body.rematch,
                                                  orderedBy: client.actor, orderedAt: try await clock.now())
        return try await commands.accepted(command, request: state.id, location: "/v1/requests/\(state.id.lowercased)",
                                  summary: ["reason": body.reason, "rematch": "\(body.rematch)"], context: context)
    }

    /// The request in the path, if `client` may act on it (404 otherwise), and 409 when its state
    /// already rules `command` out.
    private func visibleRequest(_ context: IntakeRequestContext, _ client: APIClient,
                                _ command: JourneyCommand) async throws -> RequestState {
        let requestID = try PathID.uuid(context, "id")
        guard let state = try await RequestState.find(requestID, in: pool),
              client.enterpriseID.map({ $0 == state.enterpriseID }) ?? true,
              client.providerID.map({ $0 == state.assignedProviderID }) ?? true,
              client.covers(provinceCode: state.provinceCode)
        else { throw Problem.notFound(.request, requestID.lowercased) }
        guard command.permits(state.status) else { throw Problem.illegalState(command.refusal(for: state.status)) }
        if command == .rate && state.rated {
            throw Problem.illegalState(JourneyRefusal(currentState: "rated", reason: "the work was already rated"))
        }
        return state
    }
}
