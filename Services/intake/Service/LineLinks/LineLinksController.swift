import Foundation
import Hummingbird
import Logging
import Messaging
import Postgres

/// `POST /v1/line-links`: an enterprise or a provider (the portal, for its signed-in contact
/// person) gets a short linking code for one of its contact persons, to send to the programme's
/// LINE official account; the LINE webhook (`LineWebhook/`) then links that LINE account.
struct LineLinksController: Sendable {
    let pool: PostgresPool
    let settings: SignInSettings
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("line-links", use: createLink)
    }

    @Sendable func createLink(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .provider, to: "link a LINE account")
        guard let key = settings.key else { throw Problem.signInOff }
        let index = try await JSONBody.decode(LineLinkBody.self, from: request, context: context).validated()
        guard let party = client.enterpriseID ?? client.providerID else { throw Problem.forbidden(Messages.noProvider) }
        guard let link = try await LineLinkStore(pool: pool, key: key).create(party: party, index: index, client: client.id, now: try await clock.now()) else {
            throw Problem.noContactPerson(index)
        }
        context.logger.info("LINE linking code issued", metadata: ["party_id": "\(party)", "contact": "\(index)"])
        return try JSONResponse.make(.created, link)
    }
}
