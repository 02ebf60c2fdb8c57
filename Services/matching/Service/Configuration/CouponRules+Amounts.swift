import Contracts
import Domain

extension CouponRules {
    /// The coupon of a request asking for `areas` (at least one): its value, the enterprise's
    /// share and the programme's, which the region's budget carries.
    func coupon(for areas: some Sequence<ServiceArea>) -> CouponAmounts {
        let value = value(for: areas)
        let enterpriseShare = enterpriseShare(of: value)
        return CouponAmounts(valueBaht: value, enterpriseShareBaht: enterpriseShare, programmeShareBaht: value - enterpriseShare)
    }
}
