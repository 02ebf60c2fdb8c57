/// What a coupon is worth and who pays what, read from `coupons.json` (docs/programme-data.md): a
/// value per service area, the enterprise's co-payment share, and the caps on coupons. A request
/// gets one coupon, valued at the most expensive of the service areas it asks for; the programme's
/// regional budget carries the value minus the enterprise's share.
public struct CouponRules: Sendable, Hashable {
    /// The file's `version`.
    public var version: Int
    public var valueBaht: [ServiceArea: Int]
    public var enterpriseSharePercent: Int
    /// Coupons one enterprise may get in a fiscal year (an officer may grant more, with a reason:
    /// enforced with the support types of issue 16, point 2).
    public var couponsPerEnterprisePerFiscalYear: Int
    /// Figures no source confirms (`serviceAreas.packagingDesign`, `enterpriseSharePercent` ...),
    /// logged at start so nobody mistakes them for policy.
    public var unverified: [String]

    public init(version: Int = 0, valueBaht: [ServiceArea: Int], enterpriseSharePercent: Int, couponsPerEnterprisePerFiscalYear: Int = 1,
                unverified: [String] = []) {
        self.version = version
        self.valueBaht = valueBaht
        self.enterpriseSharePercent = enterpriseSharePercent
        self.couponsPerEnterprisePerFiscalYear = couponsPerEnterprisePerFiscalYear
        self.unverified = unverified
    }

    /// The value of the coupon of a request asking for `areas`: the most expensive of them.
    public func value(for areas: some Sequence<ServiceArea>) -> Int {
        areas.map { valueBaht[$0] ?? 0 }.max() ?? 0
    }

    /// The enterprise's co-payment of a coupon worth `value` (rounded down; the programme pays the rest).
    public func enterpriseShare(of value: Int) -> Int {
        value * enterpriseSharePercent / 100
    }
}
