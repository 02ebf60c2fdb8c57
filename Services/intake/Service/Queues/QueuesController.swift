import Domain
import Foundation
import Hummingbird
import Messaging

/// The officers' work queues counted (docs/console.md, A8): `GET /v1/queues`, scoped to a scoped
/// officer's region, with the thresholds the counts used.
struct QueuesController: Sendable {
    let queues: QueueStore
    let thresholds: QueueThresholds
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("queues", use: counts)
    }

    @Sendable func counts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "read the work queues")
        let asOf = try await clock.now()
        let counts = try await queues.counts(scope: client.scopedRegion, thresholds: thresholds, now: asOf)
        return try JSONResponse.make(.ok, QueueCounts(region: client.scopedRegion, asOf: asOf, thresholds: thresholds, counts: counts))
    }
}
