import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging

/// Proposals matching made: listed and read by the provider they are for (its own), the enterprise
/// (those of its requests), officers (of their region) and operators; answered by the provider
/// (accept, decline within the response window), confirmed by the enterprise, withdrawn by officers.
/// Each answer is a command matching applies (202 with the proposal's or request's location), or a
/// 409 problem naming the current state when intake's read model already shows it is illegal.
struct ProposalsController: Sendable {
    let proposals: ProposalStore
    let commands: CommandPublisher
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("proposals", use: listProposals)
        group.get("proposals/:id", use: proposal)
        group.post("proposals/:id/accept", use: acceptProposal)
        group.post("proposals/:id/decline", use: declineProposal)
        group.post("proposals/:id/confirm", use: confirmProposal)
        group.post("proposals/:id/withdrawal", use: withdrawProposal)
    }

    /// `GET /v1/proposals`: newest first, filtered by statuses, request, provider and `overdue`, paged
    /// with a cursor.
    @Sendable func listProposals(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        var filters = ProposalFilters()
        let query = try ListQuery(request, filters: []) { v, text in
            let (read, passed) = ProposalFilters.read(&v, text)
            filters = read
            return passed
        }
        let rows = try await proposals.proposals(visibleTo: client, filters, query: query, now: try await clock.now())
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
        guard try await clock.now() <= proposal.respondBy else {
            throw Problem.illegalState(JourneyRefusal(currentState: ProposalStatus.expired.rawValue,
                                                      reason: "the response deadline \(RFC3339.string(from: proposal.respondBy)) has passed"))
        }
        let command = ProposalResponded(proposalId: proposal.id, requestId: proposal.requestId, providerId: proposal.providerId,
                                        decision: .accept, reason: nil, respondedBy: client.actor, respondedAt: try await clock.now())
        return try await commands.accepted(command, request: proposal.requestId, location: "/v1/proposals/\(proposal.id.lowercased)",
                                  summary: ["proposalId": proposal.id.lowercased, "decision": "accept"], context: context)
    }

    @Sendable func declineProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, to: "answer proposals")
        let proposal = try await visibleProposal(context, client)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        try check(proposal, .decline)
        let command = ProposalResponded(proposalId: proposal.id, requestId: proposal.requestId, providerId: proposal.providerId,
                                        decision: .decline, reason: reason, respondedBy: client.actor, respondedAt: try await clock.now())
        return try await commands.accepted(command, request: proposal.requestId, location: "/v1/proposals/\(proposal.id.lowercased)",
                                  summary: ["proposalId": proposal.id.lowercased, "decision": "decline", "reason": reason],
                                  context: context)
    }

    @Sendable func confirmProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, to: "confirm providers")
        let proposal = try await visibleProposal(context, client)
        try check(proposal, .confirm)
        let command = ProposalConfirmed(proposalId: proposal.id, requestId: proposal.requestId, enterpriseId: proposal.enterpriseId,
                                        confirmedBy: client.actor, confirmedAt: try await clock.now())
        return try await commands.accepted(command, request: proposal.requestId, location: "/v1/requests/\(proposal.requestId.lowercased)",
                                  summary: ["proposalId": proposal.id.lowercased], context: context)
    }

    @Sendable func withdrawProposal(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "withdraw proposals")
        let proposal = try await visibleProposal(context, client)
        let reason = try await JSONBody.decode(ReasonBody.self, from: request, context: context).validated()
        try check(proposal, .withdraw)
        let command = ProposalWithdrawalOrdered(proposalId: proposal.id, requestId: proposal.requestId, reason: reason,
                                                orderedBy: client.actor, orderedAt: try await clock.now())
        return try await commands.accepted(command, request: proposal.requestId, location: "/v1/proposals/\(proposal.id.lowercased)",
                                  summary: ["proposalId": proposal.id.lowercased, "reason": reason], context: context)
    }

    /// The proposal in the path, if `client` may see it (404 otherwise: nobody learns of others' proposals).
    private func visibleProposal(_ context: IntakeRequestContext, _ client: APIClient) async throws -> ProposalView {
        let proposalID = try PathID.uuid(context, "id")
        guard let proposal = try await proposals.proposal(proposalID),
              client.providerID.map({ $0 == proposal.providerId }) ?? true,
              client.enterpriseID.map({ $0 == proposal.enterpriseId }) ?? true
        else { throw Problem.notFound(.proposal, proposalID.lowercased) }
        if client.scopedRegion != nil {
            guard let province = try await proposals.provinceOfRequest(proposal.requestId), client.covers(provinceCode: province) else {
                throw Problem.notFound(.proposal, proposalID.lowercased)
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
}
