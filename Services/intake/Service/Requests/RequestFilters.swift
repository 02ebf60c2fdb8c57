import Contracts
import Domain
import Foundation

/// The filters only `GET /v1/requests` has, beside ``ListQuery``'s province, region, product type
/// and fiscal year (docs/console.md, A3): a list of statuses, how long a request has been in its
/// status or idle, its enterprise, the provider holding its work, the round that decided it, and the search `q` (A2).
struct RequestFilters: Sendable {
    var statuses: [RequestStatus]?
    /// In the current status since before this instant.
    var statusBefore: Date?
    /// Latest activity before this instant.
    var activityBefore: Date?
    var enterpriseID: UUID?
    /// The request's open assignment is with this provider.
    var providerID: UUID?
    /// The request was proposed or waitlisted by this round.
    var roundID: UUID?
    /// `q`: the reference, the enterprise's or product's name, a registration number or phone (A2).
    var search: SearchQuery?

    /// Reads the parameters (problems into `v`) and returns them with the values the next page's
    /// link carries on.
    static func read(_ v: inout Validation, _ text: (String) -> String?) -> (RequestFilters, [(String, String)]) {
        var filters = RequestFilters()
        var passed: [(String, String)] = []
        filters.statuses = v.listParameter(text("status"), "status", as: RequestStatus.self)
        if let statuses = filters.statuses { passed.append(("status", statuses.map(\.rawValue).joined(separator: ","))) }
        filters.statusBefore = v.timestampParameter(text("statusBefore"), "statusBefore")
        if let statusBefore = filters.statusBefore { passed.append(("statusBefore", RFC3339.string(from: statusBefore))) }
        filters.activityBefore = v.timestampParameter(text("activityBefore"), "activityBefore")
        if let activityBefore = filters.activityBefore { passed.append(("activityBefore", RFC3339.string(from: activityBefore))) }
        filters.enterpriseID = v.uuidParameter(text("enterpriseId"), "enterpriseId")
        if let id = filters.enterpriseID { passed.append(("enterpriseId", id.lowercased)) }
        filters.providerID = v.uuidParameter(text("providerId"), "providerId")
        if let id = filters.providerID { passed.append(("providerId", id.lowercased)) }
        filters.roundID = v.uuidParameter(text("roundId"), "roundId")
        if let id = filters.roundID { passed.append(("roundId", id.lowercased)) }
        filters.search = SearchQuery.read(&v, text("q"))
        if let search = filters.search { passed.append(("q", search.text)) }
        return (filters, passed)
    }
}
