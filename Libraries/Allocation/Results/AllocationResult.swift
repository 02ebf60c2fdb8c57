/// An optimal allocation round: the assignments, their total score and, for every request
/// left out, the reason.
public struct AllocationResult: Sendable {
    /// The chosen edges, in the input order of their requests.
    public var assignments: [Assignment]
    /// Requests left unassigned, in input order, each with its reason.
    public var unassigned: [UnassignedRequest]
    /// The total score of `assignments` — the maximum over all feasible assignments.
    public var objective: Int
    /// The tie-break used (with the lottery's seed, so the draw can be repeated).
    public var tieBreak: TieBreak
    /// Requests assigned to each provider, by provider index.
    public var providerLoad: [Int]
    /// Coupons used in each region, aligned with `AllocationProblem.regions`.
    public var regionUsage: [Int]
    /// What the solver did to get there.
    public var statistics: SolverStatistics

    public init(assignments: [Assignment], unassigned: [UnassignedRequest], objective: Int, tieBreak: TieBreak,
                providerLoad: [Int], regionUsage: [Int], statistics: SolverStatistics) {
        self.assignments = assignments
        self.unassigned = unassigned
        self.objective = objective
        self.tieBreak = tieBreak
        self.providerLoad = providerLoad
        self.regionUsage = regionUsage
        self.statistics = statistics
    }

    /// The lottery seed, or `nil` when ties were broken by input order.
    public var lotterySeed: UInt64? {
        if case .lottery(let seed) = tieBreak { return seed }
        return nil
    }
}
