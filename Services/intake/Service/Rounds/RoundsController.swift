import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Allocation rounds: started by officers only (a round moves programme money: it holds coupon
/// budgets; one scoped to a region starts its own region's), read back by officers and operators
/// with matching's figures once completed.
struct RoundsController: Sendable {
    let rounds: RoundStore
    let now: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("rounds", use: startRound)
        group.get("rounds/:id", use: round)
    }

    @Sendable func startRound(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "start allocation rounds")
        let body = try await JSONBody.decode(RoundBody.self, from: request, context: context).validated()
        if let scope = client.scopedRegion, body.region != scope { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let round = RoundRequested(roundId: UUID(), fiscalYear: body.fiscalYear, region: body.region, seed: body.seed,
                                   requestedBy: client.actor, requestedAt: now())
        let event = try await rounds.requestRound(round, client: client)
        context.logger.info("allocation round requested", metadata: ["round_id": "\(round.roundId)",
                                                                    "fiscal_year": "\(round.fiscalYear)"])
        return try JSONResponse.make(.accepted, location: "/v1/rounds/\(round.roundId.lowercased)",
                                     CommandAnswer(id: round.roundId.lowercased, command: event.type, commandId: event.id))
    }

    @Sendable func round(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read allocation rounds")
        let roundID = try PathID.uuid(context, "id")
        guard let round = try await rounds.round(roundID), client.scopedRegion == nil || round.region == client.scopedRegion else {
            throw Problem.notFound(.round, roundID.lowercased)
        }
        return try JSONResponse.make(.ok, round)
    }
}
