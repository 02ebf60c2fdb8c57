import Domain
import Foundation

// Officers' programme-level decisions, published by intake on `otop.programme` (key:
// `<fiscal year>-<region>`, e.g. `2570-north`) and applied by matching.

/// The key of a region's coupon budget in a fiscal year: `<fiscal year>-<region>`, e.g. `2570-north`.
public enum BudgetKey {
    public static func of(fiscalYear: Int, region: Region) -> String { "\(fiscalYear)-\(region.rawValue)" }
}

/// `th.otop.budget.set.v1`: an officer sets a region's coupon budget for a fiscal year (replacing the
/// earlier amount; it may not go below what is already committed and spent — matching refuses that).
public struct BudgetSet: EventPayload, Hashable {
    public static let eventType = "th.otop.budget.set.v1"
    public static let topic = Topic.programme

    /// Buddhist-Era fiscal year, e.g. 2570.
    public var fiscalYear: Int
    public var region: Region
    public var amountBaht: Int
    public var setBy: Actor
    public var setAt: Date

    public init(fiscalYear: Int, region: Region, amountBaht: Int, setBy: Actor, setAt: Date) {
        self.fiscalYear = fiscalYear
        self.region = region
        self.amountBaht = amountBaht
        self.setBy = setBy
        self.setAt = setAt
    }

    public var aggregateID: String { BudgetKey.of(fiscalYear: fiscalYear, region: region) }
    public var subject: String { "budget/\(aggregateID)" }
}

/// `th.otop.round.requested.v1`: an officer starts an allocation round for a fiscal year (and one
/// region, or all). Matching solves it and answers with ``RoundCompleted``.
public struct RoundRequested: EventPayload, Hashable {
    public static let eventType = "th.otop.round.requested.v1"
    public static let topic = Topic.programme

    public var roundId: UUID
    public var fiscalYear: Int
    /// `nil`: every region.
    public var region: Region?
    /// The seed of the tie-break lottery; matching draws one (and records it) when absent.
    public var seed: UInt64?
    public var requestedBy: Actor
    public var requestedAt: Date

    public init(roundId: UUID, fiscalYear: Int, region: Region?, seed: UInt64?, requestedBy: Actor, requestedAt: Date) {
        self.roundId = roundId
        self.fiscalYear = fiscalYear
        self.region = region
        self.seed = seed
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
    }

    public var aggregateID: String { region.map { BudgetKey.of(fiscalYear: fiscalYear, region: $0) } ?? "\(fiscalYear)-all" }
    public var subject: String { "round/\(roundId.lowercased)" }
}
