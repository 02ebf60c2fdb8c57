import CodeSealing
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging
import Postgres

/// Self-registration (issue 15, point 3): an enterprise new to the programme applies on the portal's
/// `/register` page, and the portal's service client (role `portal`, the only caller of this group)
/// sends the application here. The enterprise is registered **unverified**: it counts in its region's
/// screening queue (`GET /v1/queues`, `unverifiedEnterprises`; the list is `GET
/// /v1/enterprises?verified=false`) until an officer screens it. Applications are rate-limited per
/// client address with the sign-in codes' per-address limit and window.
struct EnterpriseApplicationsController: Sendable {
    let enterprises: EnterpriseStore
    let pool: PostgresPool
    let settings: SignInSettings
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("enterprise-applications", use: apply)
    }

    @Sendable func apply(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        guard let key = settings.key else { throw Problem.signInOff }
        let body = try await JSONBody.decode(EnterpriseApplicationBody.self, from: request, context: context).validated()
        let now = try await clock.now()
        let limit = [(key.digest(body.clientAddress, context: "enterprise application address"), settings.perAddress)]
        try await pool.withTransaction { connection in try await SignInCodeStore.count(limit, now: now, on: connection) }
        let record = try await enterprises.register(body.enterprise, id: UUID(), now: now, client: client, verified: false)
        // Ids only: never the name typed, the phone or the address.
        context.logger.info("enterprise applied", metadata: ["enterprise_id": "\(record.id)", "province": "\(record.provinceCode)"])
        return try JSONResponse.make(.created, location: "/v1/enterprises/\(record.id.lowercased)", etag: record.version,
                                     EnterpriseView(record, for: client))
    }
}
