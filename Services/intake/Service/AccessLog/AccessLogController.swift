import Contracts
import Domain
import Foundation
import Hummingbird
import Logging

/// The access log: who read which party's personal data, when and through which route (docs/api.md
/// "The hand-off"). Officers read their region's entries (scoped) or all of them, operators all;
/// enterprises and providers never (403). Entries hold ids and field names, so nothing is masked.
struct AccessLogController: Sendable {
    let log: AccessLogStore

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("access-log", use: entries)
    }

    /// `GET /v1/access-log`: newest first, filtered by `partyId` (whose data), `readerPartyId` (the
    /// enterprise or provider that read) and `region`, paged with a cursor.
    @Sendable func entries(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read the access log")
        var party: UUID?
        var reader: UUID?
        let query = try ListQuery(request, filters: [.region]) { v, text in
            party = v.uuidParameter(text("partyId"), "partyId")
            reader = v.uuidParameter(text("readerPartyId"), "readerPartyId")
            return [("partyId", party?.lowercased), ("readerPartyId", reader?.lowercased)].compactMap { name, value in
                value.map { (name, $0) }
            }
        }
        if let scoped = client.scopedRegion, let asked = query.region, asked != scoped {
            // Another region's entries are not this officer's: an empty page, as other lists answer.
            return try JSONResponse.make(.ok, Page<AccessLogEntryView>(items: [], next: nil))
        }
        let rows = try await log.list(party: party, reader: reader, region: client.scopedRegion ?? query.region, query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.id) }, item: { $0 }))
    }
}
