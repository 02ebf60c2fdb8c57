import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The coupon journey's routes. Each action is a command matching applies (202 with the resource's
/// location; the resource catches up from matching's events) or a 409 problem naming the current
/// state when intake's read model already shows the action is illegal. Roles: a provider sees and
/// answers only its own proposals and reports work only on requests assigned to it; an enterprise
/// confirms, completes, rates and withdraws only its own requests; officers screen, withdraw,
/// assign, set budgets and start rounds.
extension IntakeAPI {
    var journey: JourneyStore { JourneyStore(pool: pool) }

    func addJourneyRoutes(to v1: RouterGroup<IntakeRequestContext>) {
        v1.get("proposals", use: listProposals)
        v1.get("proposals/:id", use: proposal)
        v1.post("proposals/:id/accept", use: acceptProposal)
        v1.post("proposals/:id/decline", use: declineProposal)
        v1.post("proposals/:id/confirm", use: confirmProposal)
        v1.post("proposals/:id/withdrawal", use: withdrawProposal)
        v1.post("requests/:id/screening", use: screenRequest)
        v1.post("requests/:id/withdrawal", use: withdrawRequest)
        v1.post("requests/:id/work-report", use: reportWork)
        v1.post("requests/:id/completion", use: confirmCompletion)
        v1.post("requests/:id/rating", use: rateWork)
        v1.post("requests/:id/assignment", use: assignManually)
        v1.post("requests/:id/assignment/withdrawal", use: withdrawAssignment)
        v1.get("budgets", use: listBudgets)
        v1.get("budgets/:fiscalYear/:region", use: budget)
        v1.put("budgets/:fiscalYear/:region", use: setBudget)
        v1.post("rounds", use: startRound)
        v1.get("rounds/:id", use: round)
    }

    // MARK: Proposals

    /// `GET /v1/proposals`: newest first, filtered by status and request, paged with a cursor.
    @Sendable func listProposals(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        var status: ProposalStatus?
        var requestID: UUID?
        let query = try ListQuery(request, filters: []) { v, text in
            status = v.parameter(text("status"), "status", as: ProposalStatus.self)
            requestID = v.uuidParameter(text("requestId"), "requestId")
            return [("status", status?.rawValue), ("requestId", requestID.map(id))].compactMap { name, value in value.map { (name, $0) } }
        }
        let rows = try await journey.proposals(visibleTo: client, status: status, request: requestID, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.view.id) }, item: \.view))
    }

    @Sendable func proposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        return try JSONResponse.make(.ok, try await visibleProposal(context, client))
    }

    @Sendable func acceptProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, to: "answer proposals")
        let proposal = try await visibleProposal(context, client)
        try check(proposal, .accept)
        guard now() <= proposal.respondBy else {
            throw Problem.illegalState(JourneyRefusal(currentState: ProposalStatus.expired.rawValue,
                                                      reason: "the response deadline \(RFC3339.string(from: proposal.respondBy)) has passed"))
        }
        let command = ProposalResponded(proposalId: proposal.id, requestId: proposal.requestId, providerId: proposal.providerId,
                                        decision: .accept, reason: nil, respondedBy: client.actor, respondedAt: now())
        return try await accepted(command, request: proposal.requestId, location: "/v1/proposals/\(id(proposal.id))",
                                  summary: ["proposalId": id(proposal.id), "decision": "accept"], context: context)
    }

    @Sendable func declineProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, to: "answer proposals")
        let proposal = try await visibleProposal(context, client)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        try check(proposal, .decline)
        let command = ProposalResponded(proposalId: proposal.id, requestId: proposal.requestId, providerId: proposal.providerId,
                                        decision: .decline, reason: reason, respondedBy: client.actor, respondedAt: now())
        return try await accepted(command, request: proposal.requestId, location: "/v1/proposals/\(id(proposal.id))",
                                  summary: ["proposalId": id(proposal.id), "decision": "decline", "reason": reason],
                                  context: context)
    }

    @Sendable func confirmProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, to: "confirm providers")
        let proposal = try await visibleProposal(context, client)
        try check(proposal, .confirm)
        let command = ProposalConfirmed(proposalId: proposal.id, requestId: proposal.requestId, enterpriseId: proposal.enterpriseId,
                                        confirmedBy: client.actor, confirmedAt: now())
        return try await accepted(command, request: proposal.requestId, location: "/v1/requests/\(id(proposal.requestId))",
                                  summary: ["proposalId": id(proposal.id)], context: context)
    }

    @Sendable func withdrawProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "withdraw proposals")
        let proposal = try await visibleProposal(context, client)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        try check(proposal, .withdraw)
        let command = ProposalWithdrawalOrdered(proposalId: proposal.id, requestId: proposal.requestId, reason: reason,
                                                orderedBy: client.actor, orderedAt: now())
        return try await accepted(command, request: proposal.requestId, location: "/v1/proposals/\(id(proposal.id))",
                                  summary: ["proposalId": id(proposal.id), "reason": reason], context: context)
    }

    // MARK: Requests

    @Sendable func screenRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "screen requests")
        let state = try await visibleRequest(context, client, .screen)
        let body = try await JSONBody.decode(ScreeningBody.self, from: request, context: context).validated()
        let command = RequestScreened(requestId: state.id, eligible: body.eligible, reason: body.reason,
                                      screenedBy: client.actor, screenedAt: now())
        var summary = ["eligible": "\(body.eligible)"]
        summary["reason"] = body.reason
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))", summary: summary,
                                  context: context)
    }

    @Sendable func withdrawRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "withdraw requests")
        let state = try await visibleRequest(context, client, .withdrawRequest)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        let command = RequestWithdrawn(requestId: state.id, enterpriseId: state.enterpriseID, reason: reason,
                                       withdrawnBy: client.actor, withdrawnAt: now())
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))",
                                  summary: ["reason": reason], context: context)
    }

    @Sendable func reportWork(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, to: "report work")
        let state = try await visibleRequest(context, client, .reportWork)
        let body = try await JSONBody.decode(WorkReportBody.self, from: request, context: context).validated()
        guard let provider = client.providerID else { throw Problem.forbidden(Messages.noProvider) }
        let command = WorkReported(requestId: state.id, providerId: provider, summary: body.summary,
                                   standardApplied: body.standardApplied, reportedBy: client.actor, reportedAt: now())
        var summary = ["summary": body.summary]
        summary["standardApplied"] = body.standardApplied?.rawValue
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))", summary: summary,
                                  context: context)
    }

    @Sendable func confirmCompletion(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, to: "confirm completion")
        let state = try await visibleRequest(context, client, .confirmCompletion)
        let command = CompletionConfirmed(requestId: state.id, enterpriseId: state.enterpriseID, confirmedBy: client.actor,
                                          confirmedAt: now())
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))", summary: [:],
                                  context: context)
    }

    @Sendable func rateWork(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, to: "rate work")
        let state = try await visibleRequest(context, client, .rate)
        let body = try await JSONBody.decode(RatingBody.self, from: request, context: context).validated()
        let command = WorkRated(requestId: state.id, enterpriseId: state.enterpriseID, rating: body.rating, comment: body.comment,
                                monthlyIncomeBeforeBaht: body.monthlyIncomeBeforeBaht,
                                monthlyIncomeAfterBaht: body.monthlyIncomeAfterBaht, ratedBy: client.actor, ratedAt: now())
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))",
                                  summary: ["rating": "\(body.rating)"], context: context)
    }

    @Sendable func assignManually(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "assign providers by hand")
        let state = try await visibleRequest(context, client, .assignManually)
        let body = try await JSONBody.decode(ManualAssignmentBody.self, from: request, context: context).validated()
        guard try await journey.providerExists(body.providerID) else {
            throw Problem.validation([.init(field: "providerId", detail: Messages.unregisteredProvider(body.providerID))])
        }
        let command = ManualAssignmentOrdered(requestId: state.id, providerId: body.providerID, reason: body.reason,
                                              orderedBy: client.actor, orderedAt: now())
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))",
                                  summary: ["providerId": id(body.providerID), "reason": body.reason], context: context)
    }

    @Sendable func withdrawAssignment(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "withdraw assignments")
        let state = try await visibleRequest(context, client, .withdrawAssignment)
        let body = try await JSONBody.decode(AssignmentWithdrawalBody.self, from: request, context: context).validated()
        let command = AssignmentWithdrawalOrdered(requestId: state.id, reason: body.reason, rematch: body.rematch,
                                                  orderedBy: client.actor, orderedAt: now())
        return try await accepted(command, request: state.id, location: "/v1/requests/\(id(state.id))",
                                  summary: ["reason": body.reason, "rematch": "\(body.rematch)"], context: context)
    }

    // MARK: Budgets and rounds

    /// `GET /v1/budgets?fiscalYear=`: the year's regional budgets, one per region that has one (at
    /// most six, so one page: no cursor); an officer scoped to a region sees its own only.
    @Sendable func listBudgets(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read coupon budgets")
        var v = Validation()
        let year = v.intParameter(request.uri.queryParameters["fiscalYear"].map(String.init), "fiscalYear", in: 2560...2700,
                                  required: true)
        try v.finish()
        let budgets = try await journey.budgets(fiscalYear: year!).filter { client.scopedRegion == nil || $0.region == client.scopedRegion }
        return try JSONResponse.make(.ok, ["items": budgets])
    }

    /// `GET /v1/budgets/{fiscalYear}/{region}`: one region's budget with its `ETag` (what
    /// `PUT` compares `If-Match` with).
    @Sendable func budget(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read coupon budgets")
        let (year, region) = try budgetPath(context)
        guard client.scopedRegion == nil || client.scopedRegion == region,
              let (view, version) = try await journey.budget(fiscalYear: year, region: region) else {
            throw Problem.notFound(.budget, "\(year)/\(region.rawValue)")
        }
        return try JSONResponse.make(.ok, etag: version, view)
    }

    /// The fiscal year and region of a budget's path (404 for anything else: no such resource).
    private func budgetPath(_ context: IntakeRequestContext) throws(Problem) -> (Int, Region) {
        let yearText = context.parameters.get("fiscalYear") ?? "", regionText = context.parameters.get("region") ?? ""
        guard let year = Int(yearText), (2560...2700).contains(year), let region = Region(rawValue: regionText) else {
            throw Problem.notFound(.budget, "\(TextRules.printable(yearText))/\(TextRules.printable(regionText))")
        }
        return (year, region)
    }

    /// `PUT /v1/budgets/{fiscalYear}/{region}` (officer; one scoped to a region sets its own): needs
    /// `If-Match` with the budget's `ETag` (`"0"` or `*` before it has one).
    @Sendable func setBudget(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "set coupon budgets")
        let (year, region) = try budgetPath(context)
        if let scope = client.scopedRegion, scope != region { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let expected = try EntityVersion.required(by: request)
        let amount = try await JSONBody.decode(BudgetBody.self, from: request, context: context).validated()
        try expected.check(try await journey.budget(fiscalYear: year, region: region)?.version ?? EntityVersion(number: 0))
        let command = BudgetSet(fiscalYear: year, region: region, amountBaht: amount, setBy: client.actor, setAt: now())
        let event = try await journey.publish(command, correlation: command.aggregateID, request: nil, summary: [:], now: now())
        context.logger.info("coupon budget set", metadata: ["budget": "\(command.aggregateID)", "amount_baht": "\(amount)"])
        return try JSONResponse.make(.accepted, location: "/v1/budgets/\(year)/\(region.rawValue)",
                                     CommandAnswer(id: command.aggregateID, command: event.type, commandId: event.id))
    }

    @Sendable func startRound(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "start allocation rounds")
        let body = try await JSONBody.decode(RoundBody.self, from: request, context: context).validated()
        if let scope = client.scopedRegion, body.region != scope { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let round = RoundRequested(roundId: UUID(), fiscalYear: body.fiscalYear, region: body.region, seed: body.seed,
                                   requestedBy: client.actor, requestedAt: now())
        let event = try await journey.requestRound(round, client: client)
        context.logger.info("allocation round requested", metadata: ["round_id": "\(round.roundId)",
                                                                    "fiscal_year": "\(round.fiscalYear)"])
        return try JSONResponse.make(.accepted, location: "/v1/rounds/\(id(round.roundId))",
                                     CommandAnswer(id: id(round.roundId), command: event.type, commandId: event.id))
    }

    @Sendable func round(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read allocation rounds")
        let roundID = try PathID.uuid(context, "id")
        guard let round = try await journey.round(roundID), client.scopedRegion == nil || round.region == client.scopedRegion else {
            throw Problem.notFound(.round, id(roundID))
        }
        return try JSONResponse.make(.ok, round)
    }

    // MARK: Helpers

    /// The proposal in the path, if `client` may see it (404 otherwise: nobody learns of others' proposals).
    private func visibleProposal(_ context: IntakeRequestContext, _ client: APIClient) async throws -> ProposalView {
        let proposalID = try PathID.uuid(context, "id")
        guard let proposal = try await journey.proposal(proposalID),
              client.providerID.map({ $0 == proposal.providerId }) ?? true,
              client.enterpriseID.map({ $0 == proposal.enterpriseId }) ?? true
        else { throw Problem.notFound(.proposal, id(proposalID)) }
        if client.scopedRegion != nil {
            guard let province = try await journey.provinceOfRequest(proposal.requestId), client.covers(provinceCode: province) else {
                throw Problem.notFound(.proposal, id(proposalID))
            }
        }
        return proposal
    }

    /// 409 when the proposal's state rules the transition out.
    private func check(_ proposal: ProposalView, _ transition: ProposalStatus.Transition) throws(Problem) {
        do {
            _ = try proposal.status.applying(transition)
        } catch {
            throw Problem.illegalState(error)
        }
    }

    /// The request in the path, if `client` may act on it (404 otherwise), and 409 when its state
    /// already rules `command` out.
    private func visibleRequest(_ context: IntakeRequestContext, _ client: APIClient,
                                _ command: JourneyCommand) async throws -> JourneyStore.RequestState {
        let requestID = try PathID.uuid(context, "id")
        guard let state = try await journey.requestState(requestID),
              client.enterpriseID.map({ $0 == state.enterpriseID }) ?? true,
              client.providerID.map({ $0 == state.assignedProviderID }) ?? true,
              client.covers(provinceCode: state.provinceCode)
        else { throw Problem.notFound(.request, id(requestID)) }
        guard command.permits(state.status) else { throw Problem.illegalState(command.refusal(for: state.status)) }
        if command == .rate && state.rated {
            throw Problem.illegalState(JourneyRefusal(currentState: "rated", reason: "the work was already rated"))
        }
        return state
    }

    /// Publishes the command and answers 202 with where to follow it.
    private func accepted<Payload: EventPayload>(_ command: Payload, request: UUID, location: String, summary: [String: String],
                                                 context: IntakeRequestContext) async throws -> Response {
        let event = try await journey.publish(command, correlation: id(request), request: request, summary: summary, now: now())
        context.logger.info("journey command accepted", metadata: ["request_id": "\(request)", "command": "\(event.type)"])
        return try JSONResponse.make(.accepted, location: location,
                                     CommandAnswer(id: location.split(separator: "/").last.map(String.init) ?? id(request),
                                                   command: event.type, commandId: event.id))
    }

    private func id(_ value: UUID) -> String { value.uuidString.lowercased() }
}

/// The answer to a command another service applies: what to follow, and the command event's type and id.
struct CommandAnswer: Encodable {
    var id: String
    var command: String
    var commandId: UUID
}
