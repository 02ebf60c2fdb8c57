import Domain
import Foundation

/// `th.otop.match.proposed.v1` on `otop.matches`: matching proposes a provider for a request and
/// explains why. Key: the request id (a request's match events stay in order).
public struct MatchProposed: EventPayload, Hashable {
    public static let eventType = "th.otop.match.proposed.v1"
    public static let topic = Topic.matches

    public var proposalId: UUID
    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    /// 1 for the best candidate; higher when earlier candidates declined or expired.
    public var rank: Int
    public var score: MatchScore
    /// How many providers were considered and how many were eligible.
    public var candidatesConsidered: Int
    public var candidatesEligible: Int
    /// The provider should accept or decline before this instant.
    public var respondBy: Date
    /// Added in v1 (optional, additive): the allocation round that chose this provider, if any.
    public var roundId: UUID?

    public init(proposalId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                rank: Int, score: MatchScore, candidatesConsidered: Int, candidatesEligible: Int, respondBy: Date,
                roundId: UUID? = nil) {
        self.roundId = roundId
        self.proposalId = proposalId
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.rank = rank
        self.score = score
        self.candidatesConsidered = candidatesConsidered
        self.candidatesEligible = candidatesEligible
        self.respondBy = respondBy
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.unmatched.v1` on `otop.matches`: no provider can take the request now, and why.
public struct MatchUnavailable: EventPayload, Hashable {
    public static let eventType = "th.otop.match.unmatched.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    /// Machine reason: `noProviders`, `noEligibleProvider`, `allCandidatesFull`, `regionBudgetExhausted`.
    public var reason: String
    /// Counts of providers excluded per ineligibility reason (e.g. `standardNotSupported: 3`).
    public var exclusions: [String: Int]
    public var candidatesConsidered: Int

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, reason: String,
                exclusions: [String: Int], candidatesConsidered: Int) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.reason = reason
        self.exclusions = exclusions
        self.candidatesConsidered = candidatesConsidered
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.awaiting-screening.v1` on `otop.matches`: with officer screening, the request waits
/// for an officer's decision before matching (officers of the request's region are told).
public struct MatchAwaitingScreening: EventPayload, Hashable {
    public static let eventType = "th.otop.match.awaiting-screening.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    /// The enterprise's province (ISO code); its region's officers screen it.
    public var provinceCode: String
    public var since: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, provinceCode: String, since: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.provinceCode = provinceCode
        self.since = since
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.screened.v1` on `otop.matches`: the screening decision matching applied: eligible
/// (matching starts) or not eligible with the reason (terminal).
public struct MatchScreened: EventPayload, Hashable {
    public static let eventType = "th.otop.match.screened.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var eligible: Bool
    /// Why not eligible (the officer's words, or the automatic rule's).
    public var reason: String?
    public var mode: ScreeningMode
    public var screenedBy: Actor
    public var screenedAt: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, eligible: Bool, reason: String?,
                mode: ScreeningMode, screenedBy: Actor, screenedAt: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.eligible = eligible
        self.reason = reason
        self.mode = mode
        self.screenedBy = screenedBy
        self.screenedAt = screenedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.accepted.v1` on `otop.matches`: the proposed provider accepted (the first acceptance
/// wins: any other open proposal of the request is withdrawn with ``MatchWithdrawn``). The enterprise
/// confirms next.
public struct MatchAccepted: EventPayload, Hashable {
    public static let eventType = "th.otop.match.accepted.v1"
    public static let topic = Topic.matches

    public var proposalId: UUID
    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var acceptedAt: Date

    public init(proposalId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                acceptedAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.acceptedAt = acceptedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.declined.v1` on `otop.matches`: the proposed provider declined, with its reason. The
/// request moves to the next candidate (never back to this provider).
public struct MatchDeclined: EventPayload, Hashable {
    public static let eventType = "th.otop.match.declined.v1"
    public static let topic = Topic.matches

    public var proposalId: UUID
    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var reason: String
    public var declinedAt: Date

    public init(proposalId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                reason: String, declinedAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.reason = reason
        self.declinedAt = declinedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.expired.v1` on `otop.matches`: the provider did not answer before the response
/// deadline; the request moves to the next candidate (never back to this provider).
public struct MatchExpired: EventPayload, Hashable {
    public static let eventType = "th.otop.match.expired.v1"
    public static let topic = Topic.matches

    public var proposalId: UUID
    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var respondBy: Date
    public var expiredAt: Date

    public init(proposalId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                respondBy: Date, expiredAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.respondBy = respondBy
        self.expiredAt = expiredAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.withdrawn.v1` on `otop.matches`: a request, a proposal or an assignment was
/// withdrawn: by the enterprise, by an officer, or by matching itself when another proposal was
/// accepted first. The provider's capacity and any committed coupon are released.
public struct MatchWithdrawn: EventPayload, Hashable {
    public static let eventType = "th.otop.match.withdrawn.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var stage: WithdrawalStage
    /// The proposal withdrawn, or the assignment's proposal.
    public var proposalId: UUID?
    /// The provider that loses the work, when one had it.
    public var providerId: UUID?
    public var reason: String
    public var withdrawnBy: Actor
    /// Programme share released back to the regional budget (0 when none was committed).
    public var releasedCouponBaht: Int
    /// `true` when the request goes back to matching (an officer withdrew a proposal or an assignment with re-matching).
    public var rematching: Bool
    public var withdrawnAt: Date
    /// Added in v1 (optional, additive): the request's state after the withdrawal — `withdrawn` when
    /// the request ended, `accepted` when another proposal was accepted first, `matching` when it is
    /// matched again — so read models need not guess it from the stage.
    public var requestStatus: RequestStatus?

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, stage: WithdrawalStage, proposalId:
                UUID?, providerId: UUID?, reason: String, withdrawnBy: Actor, releasedCouponBaht: Int, rematching:
                Bool, withdrawnAt: Date, requestStatus: RequestStatus? = nil) {
        self.requestStatus = requestStatus
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.stage = stage
        self.proposalId = proposalId
        self.providerId = providerId
        self.reason = reason
        self.withdrawnBy = withdrawnBy
        self.releasedCouponBaht = releasedCouponBaht
        self.rematching = rematching
        self.withdrawnAt = withdrawnAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.assigned.v1` on `otop.matches`: the request is assigned to one provider (after the
/// enterprise confirmed an accepted proposal, or by an officer's hand) and its coupon is committed
/// against the region's budget.
public struct MatchAssigned: EventPayload, Hashable {
    public static let eventType = "th.otop.match.assigned.v1"
    public static let topic = Topic.matches

    public var assignmentId: UUID
    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    /// The confirmed proposal; `nil` for a manual assignment.
    public var proposalId: UUID?
    public var manual: Bool
    public var fiscalYear: Int
    public var region: Region
    public var coupon: CouponAmounts
    public var assignedBy: Actor
    public var assignedAt: Date

    public init(assignmentId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                proposalId: UUID?, manual: Bool, fiscalYear: Int, region: Region, coupon: CouponAmounts, assignedBy:
                Actor, assignedAt: Date) {
        self.assignmentId = assignmentId
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.proposalId = proposalId
        self.manual = manual
        self.fiscalYear = fiscalYear
        self.region = region
        self.coupon = coupon
        self.assignedBy = assignedBy
        self.assignedAt = assignedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.work-reported.v1` on `otop.matches`: the assigned provider reported the work done;
/// the enterprise is asked to confirm and rate it.
public struct MatchWorkReported: EventPayload, Hashable {
    public static let eventType = "th.otop.match.work-reported.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var summary: String
    public var standardApplied: StandardCode?
    public var reportedAt: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID, summary: String,
                standardApplied: StandardCode?, reportedAt: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.summary = summary
        self.standardApplied = standardApplied
        self.reportedAt = reportedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.completed.v1` on `otop.matches`: the enterprise confirmed completion; the provider's
/// capacity is freed and the committed coupon is now spent.
public struct MatchCompleted: EventPayload, Hashable {
    public static let eventType = "th.otop.match.completed.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var fiscalYear: Int
    public var region: Region
    public var spentCouponBaht: Int
    public var completedAt: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID, fiscalYear: Int,
                region: Region, spentCouponBaht: Int, completedAt: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.fiscalYear = fiscalYear
        self.region = region
        self.spentCouponBaht = spentCouponBaht
        self.completedAt = completedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.rated.v1` on `otop.matches`: the enterprise's rating of completed work and its
/// income before and after; feeds the provider's past-outcome score and the income KPI.
public struct MatchRated: EventPayload, Hashable {
    public static let eventType = "th.otop.match.rated.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var providerId: UUID
    public var rating: Int
    public var comment: String?
    public var monthlyIncomeBeforeBaht: Int?
    public var monthlyIncomeAfterBaht: Int?
    /// (after − before) / before × 100, when both are known and before > 0.
    public var incomeChangePercent: Double?
    public var ratedAt: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID, rating: Int,
                comment: String?, monthlyIncomeBeforeBaht: Int?, monthlyIncomeAfterBaht: Int?, incomeChangePercent:
                Double?, ratedAt: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.providerId = providerId
        self.rating = rating
        self.comment = comment
        self.monthlyIncomeBeforeBaht = monthlyIncomeBeforeBaht
        self.monthlyIncomeAfterBaht = monthlyIncomeAfterBaht
        self.incomeChangePercent = incomeChangePercent
        self.ratedAt = ratedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.command-refused.v1` on `otop.matches`: matching could not apply a party's action
/// (accepting an expired proposal, confirming twice, rating before completion, a manual assignment
/// over capacity ...): the action, the state that made it illegal and why. Shown on the timeline and
/// told to the actor.
public struct MatchCommandRefused: EventPayload, Hashable {
    public static let eventType = "th.otop.match.command-refused.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    /// The refused command's event id.
    public var commandEventId: UUID
    /// The refused command's CloudEvents type.
    public var commandType: String
    /// The request's (or proposal's) state when the command arrived.
    public var currentState: String
    public var reason: String
    public var actor: Actor
    public var refusedAt: Date

    public init(requestId: UUID, commandEventId: UUID, commandType: String, currentState: String, reason: String,
                actor: Actor, refusedAt: Date) {
        self.requestId = requestId
        self.commandEventId = commandEventId
        self.commandType = commandType
        self.currentState = currentState
        self.reason = reason
        self.actor = actor
        self.refusedAt = refusedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.waitlisted.v1` on `otop.matches`: an allocation round left an eligible request out,
/// and why (`allCandidatesFull`, `regionBudgetExhausted`, `lowerTotalScore`, `noCandidate`); it stays on
/// the round's waitlist (the comparison group for the impact evaluation).
public struct MatchWaitlisted: EventPayload, Hashable {
    public static let eventType = "th.otop.match.waitlisted.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    public var roundId: UUID
    public var reason: String
    public var waitlistedAt: Date

    public init(requestId: UUID, requestReference: String, enterpriseId: UUID, roundId: UUID, reason: String,
                waitlistedAt: Date) {
        self.requestId = requestId
        self.requestReference = requestReference
        self.enterpriseId = enterpriseId
        self.roundId = roundId
        self.reason = reason
        self.waitlistedAt = waitlistedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}
