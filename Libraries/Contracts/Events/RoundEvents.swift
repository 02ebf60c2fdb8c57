import Domain
import Foundation

/// `th.otop.round.completed.v1` on `otop.matches`: an allocation round was solved and its assignments
/// turned into proposals; per-request outcomes follow as ``MatchProposed`` and ``MatchWaitlisted``.
public struct RoundCompleted: EventPayload, Hashable {
    public static let eventType = "th.otop.round.completed.v1"
    public static let topic = Topic.matches

    public var roundId: UUID
    public var fiscalYear: Int
    /// `nil`: every region.
    public var region: Region?
    /// Eligible requests in the round.
    public var requests: Int
    public var proposed: Int
    public var waitlisted: Int
    public var waitlistedByReason: [String: Int]
    /// The solver's objective (total score of the assignment).
    public var objective: Int
    public var solverMilliseconds: Double
    /// The tie-break lottery's seed, when the round was oversubscribed.
    public var seed: UInt64?
    public var requestedBy: Actor
    public var completedAt: Date

    public init(roundId: UUID, fiscalYear: Int, region: Region?, requests: Int, proposed: Int, waitlisted: Int,
                waitlistedByReason: [String: Int], objective: Int, solverMilliseconds: Double, seed: UInt64?,
                requestedBy: Actor, completedAt: Date) {
        self.roundId = roundId
        self.fiscalYear = fiscalYear
        self.region = region
        self.requests = requests
        self.proposed = proposed
        self.waitlisted = waitlisted
        self.waitlistedByReason = waitlistedByReason
        self.objective = objective
        self.solverMilliseconds = solverMilliseconds
        self.seed = seed
        self.requestedBy = requestedBy
        self.completedAt = completedAt
    }

    public var aggregateID: String { roundId.lowercased }
    public var subject: String { "round/\(aggregateID)" }
}
