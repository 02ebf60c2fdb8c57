/// A request waiting for a provider in an allocation round: an id and the region whose
/// coupon budget pays for it.
public struct AllocationRequest: Sendable, Hashable {
    /// Unique among the round's requests.
    public var id: String
    /// The region whose coupons pay for this request (any name; matched against the budgets).
    public var region: String

    public init(id: String, region: String) {
        self.id = id
        self.region = region
    }
}
