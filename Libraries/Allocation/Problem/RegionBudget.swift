/// How many coupons a region has left for this round: at most `coupons` of its requests are
/// assigned. A region with no budget entry is unlimited.
public struct RegionBudget: Sendable, Hashable {
    /// The region's name, as used by `AllocationRequest.region`.
    public var region: String
    /// Coupons left; 0 means no request of the region can be assigned.
    public var coupons: Int

    public init(region: String, coupons: Int) {
        self.region = region
        self.coupons = coupons
    }
}
