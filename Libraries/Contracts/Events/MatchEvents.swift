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

    public init(proposalId: UUID, requestId: UUID, requestReference: String, enterpriseId: UUID, providerId: UUID,
                rank: Int, score: MatchScore, candidatesConsidered: Int, candidatesEligible: Int, respondBy: Date) {
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

    public var aggregateID: String { requestId.uuidString.lowercased() }
    public var subject: String { "request/\(aggregateID)" }
}

/// `th.otop.match.unmatched.v1` on `otop.matches`: no provider can take the request now, and why.
public struct MatchUnavailable: EventPayload, Hashable {
    public static let eventType = "th.otop.match.unmatched.v1"
    public static let topic = Topic.matches

    public var requestId: UUID
    public var requestReference: String
    public var enterpriseId: UUID
    /// Machine reason: `noProviders`, `noEligibleProvider`, `allCandidatesFull`.
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

    public var aggregateID: String { requestId.uuidString.lowercased() }
    public var subject: String { "request/\(aggregateID)" }
}
