import Domain
import Foundation

/// `th.otop.budget.updated.v1` on `otop.matches`: a region's coupon budget for a fiscal year after any
/// change (set by an officer, committed on assignment, released on withdrawal, spent on completion):
/// the whole ledger's totals, so read models (intake's `GET /v1/budgets`, digests, the officer console)
/// just keep the latest. Key: `<fiscal year>-<region>`.
public struct BudgetUpdated: EventPayload, Hashable {
    public static let eventType = "th.otop.budget.updated.v1"
    public static let topic = Topic.matches

    public var fiscalYear: Int
    public var region: Region
    /// What the officer set.
    public var allocatedBaht: Int
    /// Reserved by assignments still in progress.
    public var committedBaht: Int
    /// Turned into spending by completed work.
    public var spentBaht: Int
    /// Released by withdrawals, over the year (for reports; not subtracted again).
    public var releasedBaht: Int
    /// allocated − committed − spent: what new assignments may still take.
    public var availableBaht: Int
    /// What changed it: `set`, `committed`, `released`, `spent`.
    public var change: String
    /// The request whose assignment moved the money, if any.
    public var requestId: UUID?
    public var updatedAt: Date

    public init(fiscalYear: Int, region: Region, allocatedBaht: Int, committedBaht: Int, spentBaht: Int,
                releasedBaht: Int, availableBaht: Int, change: String, requestId: UUID?, updatedAt: Date) {
        self.fiscalYear = fiscalYear
        self.region = region
        self.allocatedBaht = allocatedBaht
        self.committedBaht = committedBaht
        self.spentBaht = spentBaht
        self.releasedBaht = releasedBaht
        self.availableBaht = availableBaht
        self.change = change
        self.requestId = requestId
        self.updatedAt = updatedAt
    }

    public var aggregateID: String { BudgetKey.of(fiscalYear: fiscalYear, region: region) }
    public var subject: String { "budget/\(aggregateID)" }
}
