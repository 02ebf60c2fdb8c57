/// How an OTOP producer is registered with the district Community Development office.
public enum EnterpriseKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// วิสาหกิจชุมชน
    case communityEnterprise
    /// ผู้ผลิตชุมชนที่เป็นเจ้าของคนเดียว
    case singleOwnerProducer
    /// วิสาหกิจขนาดกลางและขนาดย่อม (SME)
    case sme

    public var nameTH: String {
        switch self {
        case .communityEnterprise: "วิสาหกิจชุมชน"
        case .singleOwnerProducer: "ผู้ผลิตชุมชนที่เป็นเจ้าของคนเดียว"
        case .sme: "ผู้ประกอบการ SME"
        }
    }

    public var nameEN: String {
        switch self {
        case .communityEnterprise: "Community enterprise"
        case .singleOwnerProducer: "Single-owner community producer"
        case .sme: "SME"
        }
    }
}
