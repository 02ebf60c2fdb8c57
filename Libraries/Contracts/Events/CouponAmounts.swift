/// The money of one coupon, in whole baht: its value for the request's service area, the share the
/// enterprise co-pays, and the share the programme's regional budget carries.
public struct CouponAmounts: Sendable, Codable, Hashable {
    public var valueBaht: Int
    public var enterpriseShareBaht: Int
    public var programmeShareBaht: Int

    public init(valueBaht: Int, enterpriseShareBaht: Int, programmeShareBaht: Int) {
        self.valueBaht = valueBaht
        self.enterpriseShareBaht = enterpriseShareBaht
        self.programmeShareBaht = programmeShareBaht
    }
}
