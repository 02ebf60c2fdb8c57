/// How the solver chooses among optimal assignments with exactly the same total score.
///
/// The total score is the same optimum either way; only which of several equally good
/// assignments is returned changes.
public enum TieBreak: Sendable, Hashable {
    /// Requests are processed in input order: the same instance always gives the same
    /// assignment (see docs/allocation.md, "Tie-break rule").
    case inputOrder
    /// Requests are processed in the order of a permutation drawn from `SplitMix64(seed:)`;
    /// the same seed gives the same assignment. Use it to hold a recorded lottery among
    /// exactly tied requests in an oversubscribed round.
    case lottery(seed: UInt64)
}
