import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging

/// Allocation rounds: started by officers only (a round moves programme money: it holds coupon
/// budgets; one scoped to a region starts its own region's), read back by officers and operators
/// with matching's figures once completed.
struct RoundsController: Sendable {
    let rounds: RoundStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("rounds", use: startRound)
        group.get("rounds", use: listRounds)
        group.get("rounds/:id", use: round)
        group.get("rounds/:id/requests", use: roundRequests)
    }

    @Sendable func startRound(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "start allocation rounds")
        let body = try await JSONBody.decode(RoundBody.self, from: request, context: context).validated()
        if let scope = client.scopedRegion, body.region != scope { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let round = RoundRequested(roundId: UUID(), fiscalYear: body.fiscalYear, region: body.region, seed: body.seed,
                                   requestedBy: client.actor, requestedAt: try await clock.now())
        let event = try await rounds.requestRound(round, client: client)
        context.logger.info("allocation round requested", metadata: ["round_id": "\(round.roundId)",
                                                                    "fiscal_year": "\(round.fiscalYear)"])
        return try JSONResponse.make(.accepted, location: "/v1/rounds/\(round.roundId.lowercased)",
                                     CommandAnswer(id: round.roundId.lowercased, command: event.type, commandId: event.id))
    }

    @Sendable func round(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        return try JSONResponse.make(.ok, try await visibleRound(context, client))
    }

    /// `GET /v1/rounds?fiscalYear=&region=`: newest first (a scoped officer: its region's rounds).
    @Sendable func listRounds(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read allocation rounds")
        let query = try ListQuery(request, filters: [.fiscalYear, .region])
        let rows = try await rounds.rounds(fiscalYear: query.fiscalYear, region: query.region, scope: client.scopedRegion, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.view.id) }, item: \.view))
    }

    /// `GET /v1/rounds/{id}/requests?outcome=`: each request the round proposed or waitlisted.
    @Sendable func roundRequests(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let round = try await visibleRound(context, client)
        var outcome: RoundRequestView.Outcome?
        let query = try ListQuery(request, filters: []) { v, text in
            outcome = v.parameter(text("outcome"), "outcome", as: RoundRequestView.Outcome.self)
            return outcome.map { [("outcome", $0.rawValue)] } ?? []
        }
        let rows = try await rounds.requests(of: round.id, outcome: outcome, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.view.requestId) }, item: \.view))
    }

    /// The round of the path, if `client` may read it (a scoped officer its own region's rounds).
    private func visibleRound(_ context: IntakeRequestContext, _ client: APIClient) async throws -> RoundView {
        try client.require(.officer, .operator, to: "read allocation rounds")
        let roundID = try PathID.uuid(context, "id")
        guard let round = try await rounds.round(roundID), client.scopedRegion == nil || round.region == client.scopedRegion else {
            throw Problem.notFound(.round, roundID.lowercased)
        }
        return round
    }
}
