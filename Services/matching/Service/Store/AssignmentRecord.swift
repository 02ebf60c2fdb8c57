import Domain
import Foundation
import Postgres

/// A request confirmed to one provider, or assigned by an officer (``Domain/AssignmentStatus``).
struct AssignmentRecord: Sendable {
    var id: UUID
    var requestID: UUID
    var providerID: UUID
    var proposalID: UUID?
    var manual: Bool
    var status: AssignmentStatus
    var assignedAt: Date

    static let columns: StaticString = "id, request_id, provider_id, proposal_id, manual, status, assigned_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        requestID = try row.decode(UUID.self, column: "request_id")
        providerID = try row.decode(UUID.self, column: "provider_id")
        proposalID = try row.decode(UUID?.self, column: "proposal_id")
        manual = try row.decode(Bool.self, column: "manual")
        status = try row.decode(AssignmentStatus.self, column: "status")
        assignedAt = try row.decode(Date.self, column: "assigned_at")
    }
}
