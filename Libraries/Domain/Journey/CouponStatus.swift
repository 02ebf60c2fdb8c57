/// Where a request's coupon stands against its region's budget for the fiscal year.
///
/// ```
/// held (a proposal is out) → committed (assigned) → spent (completed)
///   ↘ released (no provider took it, withdrawn)  ↘ released (assignment withdrawn)
/// ```
public enum CouponStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reserved while the request has an open proposal, so the budget never promises one coupon twice.
    case held
    /// Assigned: the work is paid from the region's budget.
    case committed
    /// The work was completed.
    case spent
    /// Given back to the budget.
    case released
}
