import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// Messages that failed for good (docs/console.md, A7): listed by officers (a scoped one its
/// region's) and operators, resolved by officers once they corrected the contact or reached the
/// person another way.
struct NotificationFailuresController: Sendable {
    let failures: NotificationFailureStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("notification-failures", use: listFailures)
        group.post("notification-failures/:id/resolution", use: resolveFailure)
    }

    /// `GET /v1/notification-failures?resolved=&region=`: newest first, paged with a cursor.
    @Sendable func listFailures(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read failed messages")
        var resolved: Bool?
        let query = try ListQuery(request, filters: [.region]) { v, text in
            guard let raw = text("resolved") else { return [] }
            switch raw {
            case "true": resolved = true
            case "false": resolved = false
            default: v.failParameter("resolved", Messages.oneOf(["true", "false"], found: TextRules.printable(raw)))
            }
            return resolved == nil ? [] : [("resolved", raw)]
        }
        // The filter and a scoped officer's region combine (another region's filter lists nothing).
        var regions: [Region]?
        if let scoped = client.scopedRegion {
            regions = query.region == nil || query.region == scoped ? [scoped] : []
        } else if let region = query.region {
            regions = [region]
        }
        let rows = try await failures.list(resolved: resolved, regions: regions, query: query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.view.id) }, item: \.view))
    }

    /// `POST /v1/notification-failures/{id}/resolution` (officers): 200 with the resolved failure, 409
    /// when it was resolved before, 404 when there is none (in the officer's region).
    @Sendable func resolveFailure(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, to: "resolve failed messages")
        let id = try PathID.uuid(context, "id")
        let note = try await JSONBody.decode(ResolutionBody.self, from: request, context: context).validated()
        let now = try await clock.now()
        switch try await failures.resolve(id, note: note, by: client.id, scope: client.scopedRegion, now: now) {
        case .missing:
            throw Problem.notFound(.notificationFailure, id.lowercased)
        case .alreadyResolved(let view):
            throw Problem.conflict(Messages.alreadyResolved(at: view.resolvedAt ?? now, by: view.resolvedBy ?? ""))
        case .resolved(let view):
            context.logger.info("failed message resolved", metadata: ["notification_id": "\(id)"])
            return try JSONResponse.make(.ok, view)
        }
    }
}
