import Foundation
import Postgres

/// One change of a budget (`budget.updated`, or `budget.set-refused` as `refused`) with the
/// budget's totals after it (for a refusal: as they stood).
struct BudgetLedgerEntry: Codable, Sendable {
    /// The event's id.
    var id: UUID
    var at: Date
    /// `set`, `held`, `unheld`, `committed`, `released`, `spent`, `round` or `refused`.
    var change: String
    var requestId: UUID?
    var requestReference: String?
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    /// A refusal's amount asked for, and the least it could have been.
    var requestedBaht: Int?
    var minimumBaht: Int?

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "event_id")
        at = try row.decode(Date.self, column: "at")
        change = try row.decode(String.self, column: "change")
        requestId = try row.decode(UUID?.self, column: "request_id")
        requestReference = try row.decode(String?.self, column: "reference")
        allocatedBaht = try row.decode(Int.self, column: "allocated_baht")
        heldBaht = try row.decode(Int.self, column: "held_baht")
        committedBaht = try row.decode(Int.self, column: "committed_baht")
        spentBaht = try row.decode(Int.self, column: "spent_baht")
        releasedBaht = try row.decode(Int.self, column: "released_baht")
        availableBaht = try row.decode(Int.self, column: "available_baht")
        requestedBaht = try row.decode(Int?.self, column: "requested_baht")
        minimumBaht = try row.decode(Int?.self, column: "minimum_baht")
    }
}
