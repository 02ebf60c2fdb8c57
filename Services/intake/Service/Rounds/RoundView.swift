import Contracts
import Domain
import Foundation
import Postgres

/// An allocation round as the API shows it: requested, then completed with matching's figures.
struct RoundView: Codable, Sendable {
    var id: UUID
    var fiscalYear: Int
    var region: Region?
    /// The lottery seed (a UInt64, as text so JavaScript clients keep every digit); set once completed
    /// when the officer gave none.
    var seed: String?
    var status: String
    var requestedAt: Date
    var completedAt: Date?
    var requests: Int?
    var proposed: Int?
    var waitlisted: Int?
    var waitlistedByReason: [String: Int]?
    var objective: Int?
    var solverMilliseconds: Double?

    static let columns: StaticString = """
        id, fiscal_year, region, seed::text AS seed, requested_at, completed_at, requests, proposed, waitlisted,
        waitlisted_by_reason, objective, solver_ms
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        region = try row.decode(Region?.self, column: "region")
        seed = try row.decode(String?.self, column: "seed")
        requestedAt = try row.decode(Date.self, column: "requested_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        status = completedAt == nil ? "requested" : "completed"
        requests = try row.decode(Int?.self, column: "requests")
        proposed = try row.decode(Int?.self, column: "proposed")
        waitlisted = try row.decode(Int?.self, column: "waitlisted")
        waitlistedByReason = try row.decode(PostgresJSON?.self, column: "waitlisted_by_reason")
            .map { try $0.decode([String: Int].self) }
        objective = try row.decode(Int?.self, column: "objective")
        solverMilliseconds = try row.decode(Double?.self, column: "solver_ms")
    }
}
