import Domain
import Foundation

/// An OTOP product as the programme knows it (business facts only).
public struct ProductSummary: Sendable, Codable, Hashable {
    public var productId: UUID
    public var name: String
    public var productType: ProductType
    public var foodSubgroup: FoodSubgroup?
    /// OTOP Product Champion stars (1–5) and the year (BE) they were graded, when rated.
    public var opcStars: Int?
    public var opcYear: Int?
    /// CDD quadrant A–D.
    public var quadrant: String?

    public init(productId: UUID, name: String, productType: ProductType, foodSubgroup: FoodSubgroup? = nil,
                opcStars: Int? = nil, opcYear: Int? = nil, quadrant: String? = nil) {
        self.productId = productId
        self.name = name
        self.productType = productType
        self.foodSubgroup = foodSubgroup
        self.opcStars = opcStars
        self.opcYear = opcYear
        self.quadrant = quadrant
    }
}

/// `th.otop.enterprise.registered.v1` on `otop.enterprises`: an enterprise joined the programme.
/// Carries no personal data (the identification number and contact persons travel on `otop.contacts`
/// or stay in intake).
public struct EnterpriseRegistered: EventPayload, Hashable {
    public static let eventType = "th.otop.enterprise.registered.v1"
    public static let topic = Topic.enterprises

    public var enterpriseId: UUID
    public var name: String
    public var kind: EnterpriseKind
    public var provinceCode: String
    public var district: String
    public var subdistrict: String?
    public var products: [ProductSummary]
    public var registeredAt: Date

    public init(enterpriseId: UUID, name: String, kind: EnterpriseKind, provinceCode: String, district: String,
                subdistrict: String?, products: [ProductSummary], registeredAt: Date) {
        self.enterpriseId = enterpriseId
        self.name = name
        self.kind = kind
        self.provinceCode = provinceCode
        self.district = district
        self.subdistrict = subdistrict
        self.products = products
        self.registeredAt = registeredAt
    }

    public var aggregateID: String { enterpriseId.lowercased }
    public var subject: String { "enterprise/\(aggregateID)" }
}

/// `th.otop.enterprise.updated.v1` on `otop.enterprises`: an enterprise's details or products
/// changed (today through a bulk import that names it by registration number). It carries the
/// enterprise as it now is, every product included, so a reader replaces what it kept. Like
/// `enterprise.registered`, no personal data: contact persons travel on `otop.contacts`.
public struct EnterpriseUpdated: EventPayload, Hashable {
    public static let eventType = "th.otop.enterprise.updated.v1"
    public static let topic = Topic.enterprises

    public var enterpriseId: UUID
    public var name: String
    public var kind: EnterpriseKind
    public var provinceCode: String
    public var district: String
    public var subdistrict: String?
    /// All of the enterprise's products after the change.
    public var products: [ProductSummary]
    public var updatedAt: Date

    public init(enterpriseId: UUID, name: String, kind: EnterpriseKind, provinceCode: String, district: String,
                subdistrict: String?, products: [ProductSummary], updatedAt: Date) {
        self.enterpriseId = enterpriseId
        self.name = name
        self.kind = kind
        self.provinceCode = provinceCode
        self.district = district
        self.subdistrict = subdistrict
        self.products = products
        self.updatedAt = updatedAt
    }

    public var aggregateID: String { enterpriseId.lowercased }
    public var subject: String { "enterprise/\(aggregateID)" }
}
