import Domain
import Foundation
import Postgres

/// One provider offered one request (``Domain/ProposalStatus``).
struct ProposalRecord: Sendable {
    var id: UUID
    var requestID: UUID
    var providerID: UUID
    var rank: Int
    var score: Int
    var status: ProposalStatus
    var respondBy: Date
    var createdAt: Date
    var roundID: UUID?

    static let columns: StaticString = "id, request_id, provider_id, rank, score, status, respond_by, created_at, round_id"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        requestID = try row.decode(UUID.self, column: "request_id")
        providerID = try row.decode(UUID.self, column: "provider_id")
        rank = try row.decode(Int.self, column: "rank")
        score = try row.decode(Int.self, column: "score")
        status = try row.decode(ProposalStatus.self, column: "status")
        respondBy = try row.decode(Date.self, column: "respond_by")
        createdAt = try row.decode(Date.self, column: "created_at")
        roundID = try row.decode(UUID?.self, column: "round_id")
    }
}
