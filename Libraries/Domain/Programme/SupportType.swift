/// The kinds of help a request asks for (issue 16, point 2). The codes are a closed vocabulary;
/// names, value and capacity are data (`support-types.json`, ``SupportTypeCatalogue``).
public enum SupportType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A full coupon: a provider's project, valued by service area (`coupons.json`).
    case fullCoupon
    /// Consulting only: a short advice visit, with its own value and capacity.
    case consultingOnly
}
