import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging

/// Allocation rounds: started by officers (for their region) and operators, read back with
/// matching's figures once completed.
struct RoundsController: Sendable {
    let rounds: RoundStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("rounds", use: startRound)
        group.get("rounds/:id", use: round)
    }

    @Sendable func startRound(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "start allocation rounds")
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
        try client.require(.officer, .operator, to: "read allocation rounds")
        let roundID = try PathID.uuid(context, "id")
        guard let round = try await rounds.round(roundID), client.scopedRegion == nil || round.region == client.scopedRegion else {
            throw Problem.notFound(.round, roundID.lowercased)
        }
        return try JSONResponse.make(.ok, round)
    }
}
