import Contracts
import Domain
import Foundation
import Postgres

/// A proposal as the API shows it.
struct ProposalView: Codable, Sendable {
    var id: UUID
    var requestId: UUID
    var requestReference: String
    var providerId: UUID
    /// The provider's current name.
    var providerName: String
    var enterpriseId: UUID
    /// The enterprise's current name.
    var enterpriseName: String
    /// The status of the request the proposal is for.
    var requestStatus: String
    var status: ProposalStatus
    /// The status as providers, enterprises and officers read it in Thai.
    var statusNameTH: String
    /// The status in English, for an English interface.
    var statusNameEN: String
    var rank: Int
    var score: MatchScore
    var respondBy: Date
    var roundId: UUID?
    var reason: String?
    var createdAt: Date
    var updatedAt: Date

    /// What ``init(row:)`` reads: `intake.proposals p` with its request, enterprise and provider.
    static let selection: StaticString = """
        SELECT p.id, p.request_id, p.reference, p.provider_id, v.name AS provider_name, p.enterprise_id, e.name AS enterprise_name,
               r.status AS request_status, p.status, p.rank, p.score, p.respond_by, p.round_id, p.reason, p.created_at, p.updated_at,
               p.created_at::text AS position
        FROM intake.proposals p
        JOIN intake.requests r ON r.id = p.request_id
        JOIN intake.enterprises e ON e.id = p.enterprise_id
        JOIN intake.providers v ON v.id = p.provider_id
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        requestId = try row.decode(UUID.self, column: "request_id")
        requestReference = try row.decode(String.self, column: "reference")
        providerId = try row.decode(UUID.self, column: "provider_id")
        providerName = try row.decode(String.self, column: "provider_name")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        enterpriseName = try row.decode(String.self, column: "enterprise_name")
        requestStatus = try row.decode(RequestStatus.self, column: "request_status").rawValue
        status = try row.decode(ProposalStatus.self, column: "status")
        statusNameTH = status.nameTH
        statusNameEN = status.nameEN
        rank = try row.decode(Int.self, column: "rank")
        score = try row.decodeJSON(MatchScore.self, column: "score")
        respondBy = try row.decode(Date.self, column: "respond_by")
        roundId = try row.decode(UUID?.self, column: "round_id")
        reason = try row.decode(String?.self, column: "reason")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}
