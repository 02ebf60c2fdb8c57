import Domain
import Foundation

// The parties' actions on the coupon journey, validated and published by intake on
// `otop.match-responses` (key: the request id, so one request's actions stay in order). Matching
// applies each with its journey state machine and answers on `otop.matches` with the outcome, or
// with ``MatchCommandRefused`` naming the state that made the action illegal.

/// `th.otop.proposal.responded.v1`: the proposed provider accepts or declines (with a reason).
public struct ProposalResponded: EventPayload, Hashable {
    public static let eventType = "th.otop.proposal.responded.v1"
    public static let topic = Topic.matchResponses

    public var proposalId: UUID
    public var requestId: UUID
    public var providerId: UUID
    public var decision: ResponseDecision
    /// Required when declining.
    public var reason: String?
    public var respondedBy: Actor
    public var respondedAt: Date

    public init(proposalId: UUID, requestId: UUID, providerId: UUID, decision: ResponseDecision, reason: String?,
                respondedBy: Actor, respondedAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.providerId = providerId
        self.decision = decision
        self.reason = reason
        self.respondedBy = respondedBy
        self.respondedAt = respondedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.proposal.confirmed.v1`: the enterprise confirms the provider that accepted; matching then
/// assigns the request and commits the coupon.
public struct ProposalConfirmed: EventPayload, Hashable {
    public static let eventType = "th.otop.proposal.confirmed.v1"
    public static let topic = Topic.matchResponses

    public var proposalId: UUID
    public var requestId: UUID
    public var enterpriseId: UUID
    public var confirmedBy: Actor
    public var confirmedAt: Date

    public init(proposalId: UUID, requestId: UUID, enterpriseId: UUID, confirmedBy: Actor, confirmedAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.work.reported.v1`: the assigned provider reports the work completed, with a short summary
/// and the standard application it filed, if any.
public struct WorkReported: EventPayload, Hashable {
    public static let eventType = "th.otop.work.reported.v1"
    public static let topic = Topic.matchResponses

    public var requestId: UUID
    public var providerId: UUID
    public var summary: String
    /// The standard the provider filed an application for on the enterprise's behalf.
    public var standardApplied: StandardCode?
    public var reportedBy: Actor
    public var reportedAt: Date

    public init(requestId: UUID, providerId: UUID, summary: String, standardApplied: StandardCode?, reportedBy: Actor,
                reportedAt: Date) {
        self.requestId = requestId
        self.providerId = providerId
        self.summary = summary
        self.standardApplied = standardApplied
        self.reportedBy = reportedBy
        self.reportedAt = reportedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.work.confirmed.v1`: the enterprise confirms the reported work is complete; the provider's
/// capacity is freed and the committed coupon becomes spent.
public struct CompletionConfirmed: EventPayload, Hashable {
    public static let eventType = "th.otop.work.confirmed.v1"
    public static let topic = Topic.matchResponses

    public var requestId: UUID
    public var enterpriseId: UUID
    public var confirmedBy: Actor
    public var confirmedAt: Date

    public init(requestId: UUID, enterpriseId: UUID, confirmedBy: Actor, confirmedAt: Date) {
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.work.rated.v1`: after completion the enterprise rates the help (1–5, comment) and reports
/// its monthly income before and after (the programme's ≥ 10 % income KPI).
public struct WorkRated: EventPayload, Hashable {
    public static let eventType = "th.otop.work.rated.v1"
    public static let topic = Topic.matchResponses

    public var requestId: UUID
    public var enterpriseId: UUID
    /// 1 (poor) to 5 (excellent).
    public var rating: Int
    public var comment: String?
    /// Monthly income in whole baht before the help, and after it.
    public var monthlyIncomeBeforeBaht: Int?
    public var monthlyIncomeAfterBaht: Int?
    public var ratedBy: Actor
    public var ratedAt: Date

    public init(requestId: UUID, enterpriseId: UUID, rating: Int, comment: String?, monthlyIncomeBeforeBaht: Int?,
                monthlyIncomeAfterBaht: Int?, ratedBy: Actor, ratedAt: Date) {
        self.requestId = requestId
        self.enterpriseId = enterpriseId
        self.rating = rating
        self.comment = comment
        self.monthlyIncomeBeforeBaht = monthlyIncomeBeforeBaht
        self.monthlyIncomeAfterBaht = monthlyIncomeAfterBaht
        self.ratedBy = ratedBy
        self.ratedAt = ratedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.proposal.withdrawal-ordered.v1`: an officer withdraws a pending or accepted proposal,
/// with a reason; matching frees the provider's capacity and tries the next candidate.
public struct ProposalWithdrawalOrdered: EventPayload, Hashable {
    public static let eventType = "th.otop.proposal.withdrawal-ordered.v1"
    public static let topic = Topic.matchResponses

    public var proposalId: UUID
    public var requestId: UUID
    public var reason: String
    public var orderedBy: Actor
    public var orderedAt: Date

    public init(proposalId: UUID, requestId: UUID, reason: String, orderedBy: Actor, orderedAt: Date) {
        self.proposalId = proposalId
        self.requestId = requestId
        self.reason = reason
        self.orderedBy = orderedBy
        self.orderedAt = orderedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.assignment.withdrawal-ordered.v1`: an officer withdraws a confirmed assignment, with a
/// reason; the capacity and the committed coupon are released, and the request is matched again
/// when `rematch` is set (otherwise it ends withdrawn).
public struct AssignmentWithdrawalOrdered: EventPayload, Hashable {
    public static let eventType = "th.otop.assignment.withdrawal-ordered.v1"
    public static let topic = Topic.matchResponses

    public var requestId: UUID
    public var reason: String
    public var rematch: Bool
    public var orderedBy: Actor
    public var orderedAt: Date

    public init(requestId: UUID, reason: String, rematch: Bool, orderedBy: Actor, orderedAt: Date) {
        self.requestId = requestId
        self.reason = reason
        self.rematch = rematch
        self.orderedBy = orderedBy
        self.orderedAt = orderedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.assignment.manual-ordered.v1`: an officer assigns a provider by hand, with a reason.
/// Capacity and budget stay hard limits: matching refuses it when either is exhausted.
public struct ManualAssignmentOrdered: EventPayload, Hashable {
    public static let eventType = "th.otop.assignment.manual-ordered.v1"
    public static let topic = Topic.matchResponses

    public var requestId: UUID
    public var providerId: UUID
    public var reason: String
    public var orderedBy: Actor
    public var orderedAt: Date

    public init(requestId: UUID, providerId: UUID, reason: String, orderedBy: Actor, orderedAt: Date) {
        self.requestId = requestId
        self.providerId = providerId
        self.reason = reason
        self.orderedBy = orderedBy
        self.orderedAt = orderedAt
    }

    public var aggregateID: String { requestId.lowercased }
    public var subject: String { "request/\(aggregateID)" }
}
