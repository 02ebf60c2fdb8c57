import Domain
import Foundation

/// `th.otop.budget.updated.v1` on `otop.matches`: a region's coupon budget for a fiscal year after any
/// change (set by an officer, held while a proposal is out, committed on assignment, released on
/// withdrawal, spent on completion):
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
    /// allocated − held − committed − spent: what new proposals may still take.
    public var availableBaht: Int
    /// What changed it: `set`, `held` (a request's first proposal went out), `unheld` (no provider
    /// took it, or it was withdrawn before assignment), `committed`, `released`, `spent`, `round`
    /// (an allocation round's proposals, all at once).
    public var change: String
    /// The request whose assignment moved the money, if any.
    public var requestId: UUID?
    public var updatedAt: Date
    /// Added in v1 (optional, additive): reserved for requests whose proposals are out (not yet
    /// assigned), so two proposals never promise the same baht.
    public var heldBaht: Int?

    public init(fiscalYear: Int, region: Region, allocatedBaht: Int, committedBaht: Int, spentBaht: Int,
                releasedBaht: Int, availableBaht: Int, change: String, requestId: UUID?, updatedAt: Date,
                heldBaht: Int? = nil) {
        self.heldBaht = heldBaht
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

/// `th.otop.budget.set-refused.v1` on `otop.matches`: matching refused an officer's `budget.set`
/// because the new amount is below what the region already holds, committed and spent in that fiscal
/// year. Key: `<fiscal year>-<region>`.
public struct BudgetSetRefused: EventPayload, Hashable {
    public static let eventType = "th.otop.budget.set-refused.v1"
    public static let topic = Topic.matches

    public var fiscalYear: Int
    public var region: Region
    /// The amount the officer asked for.
    public var requestedBaht: Int
    /// held + committed + spent: the least the budget may be set to.
    public var minimumBaht: Int
    public var reason: String
    public var setBy: Actor
    public var refusedAt: Date

    public init(fiscalYear: Int, region: Region, requestedBaht: Int, minimumBaht: Int, reason: String, setBy: Actor,
                refusedAt: Date) {
        self.fiscalYear = fiscalYear
        self.region = region
        self.requestedBaht = requestedBaht
        self.minimumBaht = minimumBaht
        self.reason = reason
        self.setBy = setBy
        self.refusedAt = refusedAt
    }

    public var aggregateID: String { BudgetKey.of(fiscalYear: fiscalYear, region: region) }
    public var subject: String { "budget/\(aggregateID)" }
}
