import Contracts
import Domain
import Foundation
import Postgres

/// What intake knows of a request's journey.
struct RequestState: Sendable {
    var id: UUID
    var reference: String
    var enterpriseID: UUID
    var status: RequestStatus
    /// The provider holding the open assignment (``AssignmentReadModel``), if any.
    var assignedProviderID: UUID?
    /// The enterprise rated the work (the assignment's rating, ``AssignmentReadModel``).
    var rated: Bool
    /// The enterprise's province (an officer scoped to a region acts on that region's requests only).
    var provinceCode: String

    /// The state of request `id`, `nil` when intake has none.
    static func find(_ id: UUID, in pool: PostgresPool) async throws -> RequestState? {
        guard let row = try await pool.query("""
            SELECT r.id, r.reference, r.enterprise_id, r.status, a.provider_id AS assigned_provider_id, r.province_code,
                   EXISTS (SELECT 1 FROM intake.request_assignments x WHERE x.request_id = r.id AND x.rated_at IS NOT NULL) AS rated
            FROM intake.requests r
            LEFT JOIN intake.request_assignments a ON a.request_id = r.id AND a.withdrawn_at IS NULL
            WHERE r.id = \(id)
            """).first else { return nil }
        return RequestState(id: try row.decode(UUID.self, column: "id"), reference: try row.decode(String.self, column: "reference"),
                            enterpriseID: try row.decode(UUID.self, column: "enterprise_id"),
                            status: try row.decode(RequestStatus.self, column: "status"),
                            assignedProviderID: try row.decode(UUID?.self, column: "assigned_provider_id"),
                            rated: try row.decode(Bool.self, column: "rated"),
                            provinceCode: try row.decode(String.self, column: "province_code"))
    }
}
