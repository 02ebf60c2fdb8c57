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
    var enterpriseId: UUID
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

    static let columns: StaticString = """
        id, request_id, reference, provider_id, enterprise_id, status, rank, score, respond_by, round_id, reason, created_at, updated_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        requestId = try row.decode(UUID.self, column: "request_id")
        requestReference = try row.decode(String.self, column: "reference")
        providerId = try row.decode(UUID.self, column: "provider_id")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
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
