import Contracts
import Domain
import Foundation
import Postgres

/// A region's coupon budget for a fiscal year as the API shows it: every valid year and region has
/// one, `set: false` with every amount 0 until matching publishes the first.
struct BudgetView: Codable, Sendable {
    /// The last amount matching refused, shown while it is newer than the last successful setting.
    struct Refusal: Codable, Sendable {
        var requestedBaht: Int
        var minimumBaht: Int
        /// Matching's reason, as it said it.
        var reason: String
        /// Why, in Thai and English, with the amounts.
        var reasonTH: String
        var reasonEN: String
        /// The name of the client that asked for the amount.
        var setBy: String?
        var refusedAt: Date
    }

    var fiscalYear: Int
    var region: Region
    /// Whether matching has published the budget (an officer set it, or it moved).
    var set: Bool
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    /// What changed it last (`none` before it was set).
    var lastChange: String
    /// Absent before it was set.
    var updatedAt: Date?
    var lastRefusal: Refusal?

    /// The columns ``init(row:)`` reads from `intake.budgets b` (every one NULL for a budget not set).
    static let columns: StaticString = """
        b.allocated_baht, b.held_baht, b.committed_baht, b.spent_baht, b.released_baht, b.available_baht, b.last_change,
        b.updated_at, b.version
        """

    /// A budget from a row of `intake.budgets` left-joined to its year and region.
    init(fiscalYear: Int, region: Region, row: PostgresRow) throws {
        self.fiscalYear = fiscalYear
        self.region = region
        let change = try row.decode(String?.self, column: "last_change")
        set = change != nil
        allocatedBaht = try row.decode(Int?.self, column: "allocated_baht") ?? 0
        heldBaht = try row.decode(Int?.self, column: "held_baht") ?? 0
        committedBaht = try row.decode(Int?.self, column: "committed_baht") ?? 0
        spentBaht = try row.decode(Int?.self, column: "spent_baht") ?? 0
        releasedBaht = try row.decode(Int?.self, column: "released_baht") ?? 0
        availableBaht = try row.decode(Int?.self, column: "available_baht") ?? 0
        lastChange = change ?? "none"
        updatedAt = try row.decode(Date?.self, column: "updated_at")
        lastRefusal = nil
    }

    /// The refusal's reason with its amounts in both languages.
    static func refusalReason(requested: Int, minimum: Int) -> (th: String, en: String) {
        let asked = baht(requested), least = baht(minimum)
        return ("ตั้งงบ \(asked) บาทไม่ได้: จองไว้ ผูกพัน และใช้ไปแล้ว \(least) บาท ต้องไม่น้อยกว่านั้น",
                "Cannot set \(asked) baht: \(least) baht is already held, committed and spent; the budget cannot be lower")
    }

    /// `1200000` → `1,200,000`.
    static func baht(_ amount: Int) -> String {
        let digits = String(amount.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped
    }
}
