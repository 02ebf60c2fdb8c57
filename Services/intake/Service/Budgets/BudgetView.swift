import Contracts
import Domain
import Foundation
import Postgres

/// A region's coupon budget for a fiscal year as the API shows it.
struct BudgetView: Codable, Sendable {
    struct Refusal: Codable, Sendable {
        var requestedBaht: Int
        var minimumBaht: Int
        var reason: String
        var refusedAt: Date
    }

    var fiscalYear: Int
    var region: Region
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    var lastChange: String
    var updatedAt: Date
    var lastRefusal: Refusal?

    static let columns: StaticString = """
        fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht, available_baht, last_change, updated_at
        """

    init(row: PostgresRow) throws {
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        region = try row.decode(Region.self, column: "region")
        allocatedBaht = try row.decode(Int.self, column: "allocated_baht")
        heldBaht = try row.decode(Int.self, column: "held_baht")
        committedBaht = try row.decode(Int.self, column: "committed_baht")
        spentBaht = try row.decode(Int.self, column: "spent_baht")
        releasedBaht = try row.decode(Int.self, column: "released_baht")
        availableBaht = try row.decode(Int.self, column: "available_baht")
        lastChange = try row.decode(String.self, column: "last_change")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        lastRefusal = nil
    }
}
