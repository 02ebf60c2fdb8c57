import Domain
import Foundation

/// The filters of `GET /v1/proposals` (docs/console.md, A4): statuses, request, provider, and
/// `overdue`: proposals whose response window passed unanswered while their request still waits
/// for a provider — pending past `respondBy`, or expired while the request is still matching,
/// proposed, unmatched or waitlisted. One leaves the list as soon as its request is accepted,
/// assigned or closed. `GET /v1/queues` counts the same condition.
struct ProposalFilters: Sendable {
    /// The request statuses in which an expired proposal is still an officer's to follow up.
    static let waitingStatuses: [RequestStatus] = [.matching, .proposed, .unmatched, .waitlisted]

    var statuses: [ProposalStatus]?
    var requestID: UUID?
    var providerID: UUID?
    /// `true`: only overdue proposals; `false`: only the others.
    var overdue: Bool?

    /// Reads the parameters (problems into `v`) and returns them with the values the next page's
    /// link carries on.
    static func read(_ v: inout Validation, _ text: (String) -> String?) -> (ProposalFilters, [(String, String)]) {
        var filters = ProposalFilters()
        var passed: [(String, String)] = []
        filters.statuses = v.listParameter(text("status"), "status", as: ProposalStatus.self)
        if let statuses = filters.statuses { passed.append(("status", statuses.map(\.rawValue).joined(separator: ","))) }
        filters.requestID = v.uuidParameter(text("requestId"), "requestId")
        if let id = filters.requestID { passed.append(("requestId", id.lowercased)) }
        filters.providerID = v.uuidParameter(text("providerId"), "providerId")
        if let id = filters.providerID { passed.append(("providerId", id.lowercased)) }
        if let raw = text("overdue") {
            switch raw {
            case "true": filters.overdue = true
            case "false": filters.overdue = false
            default: v.failParameter("overdue", Messages.oneOf(["true", "false"], found: TextRules.printable(raw)))
            }
            if filters.overdue != nil { passed.append(("overdue", raw)) }
        }
        return (filters, passed)
    }
}
