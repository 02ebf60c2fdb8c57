import Contracts
import Domain
import Foundation
import Postgres

/// An allocation round as the API shows it: requested (by whom), then completed with matching's
/// figures, the waitlist's reasons named.
struct RoundView: Codable, Sendable {
    /// How many requests the round waitlisted for one reason.
    struct WaitlistedReason: Codable, Sendable, Equatable {
        var reason: String
        var reasonTH: String
        var reasonEN: String
        var count: Int
    }

    var id: UUID
    var fiscalYear: Int
    var region: Region?
    /// The lottery seed (a UInt64, as text so JavaScript clients keep every digit); set once completed
    /// when the officer gave none.
    var seed: String?
    var status: String
    /// The name of the client that started it.
    var requestedBy: String?
    var requestedAt: Date
    var completedAt: Date?
    var requests: Int?
    var proposed: Int?
    var waitlisted: Int?
    var waitlistedByReason: [String: Int]?
    /// The same figures named, most frequent first.
    var waitlistedReasons: [WaitlistedReason]?
    var objective: Int?
    var solverMilliseconds: Double?

    /// What ``init(row:)`` reads: `intake.rounds o` with the client that started it.
    static let selection: StaticString = """
        SELECT o.id, o.fiscal_year, o.region, o.seed::text AS seed, o.requested_at, o.completed_at, o.requests, o.proposed,
               o.waitlisted, o.waitlisted_by_reason, o.objective, o.solver_ms, a.name AS requested_by_name,
               o.requested_at::text AS position
        FROM intake.rounds o LEFT JOIN intake.api_clients a ON a.id = o.requested_by
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        region = try row.decode(Region?.self, column: "region")
        seed = try row.decode(String?.self, column: "seed")
        requestedBy = try row.decode(String?.self, column: "requested_by_name")
        requestedAt = try row.decode(Date.self, column: "requested_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        status = completedAt == nil ? "requested" : "completed"
        requests = try row.decode(Int?.self, column: "requests")
        proposed = try row.decode(Int?.self, column: "proposed")
        waitlisted = try row.decode(Int?.self, column: "waitlisted")
        waitlistedByReason = try row.decode(PostgresJSON?.self, column: "waitlisted_by_reason")
            .map { try $0.decode([String: Int].self) }
        waitlistedReasons = waitlistedByReason.map { counts in
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { reason, count in
                let names = WaitingReason.names(of: reason)
                return WaitlistedReason(reason: reason, reasonTH: names.th, reasonEN: names.en, count: count)
            }
        }
        objective = try row.decode(Int?.self, column: "objective")
        solverMilliseconds = try row.decode(Double?.self, column: "solver_ms")
    }
}
