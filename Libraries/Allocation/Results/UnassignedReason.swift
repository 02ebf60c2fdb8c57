/// Why a request was left unassigned by an optimal round, in terms a programme officer can
/// act on. Decided after the optimum from the round's final loads, in this order (a
/// "candidate" is an edge with a positive score):
public enum UnassignedReason: String, Sendable, Hashable, CaseIterable {
    /// The request has no candidate provider (no edge, or only edges with score ≤ 0).
    /// Action: find or qualify a provider for it.
    case noCandidate
    /// Its region's coupons are all spent — the region has no coupons at all, or every coupon
    /// went to another request of the region while at least one candidate provider still has
    /// a free slot. One more coupon for the region would get the request assigned.
    case regionBudgetExhausted
    /// Every candidate provider is full — all have `maxLoad` 0, or the region still has a
    /// coupon (or is unlimited) while every candidate's slots went to other requests. One more
    /// slot at a candidate would get the request assigned.
    case allCandidatesFull
    /// Both the region's coupons and every candidate's slots are in use by other requests
    /// (none of them zero to begin with): serving it means unassigning someone else, and the
    /// optimum shows that never raises the total — a better use of the same capacity exists.
    case lowerTotalScore
}
