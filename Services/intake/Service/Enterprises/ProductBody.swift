import Contracts
import Domain
import Foundation

/// A product in a request body (registration, `POST .../products`, the object a `PATCH` patches).
struct ProductBody: Codable {
    var name: String?
    var productType: String?
    var foodSubgroup: String?
    var opcStars: Int?
    var opcYear: Int?
    var quadrant: String?

    init(name: String? = nil, productType: String? = nil, foodSubgroup: String? = nil, opcStars: Int? = nil,
         opcYear: Int? = nil, quadrant: String? = nil) {
        self.name = name
        self.productType = productType
        self.foodSubgroup = foodSubgroup
        self.opcStars = opcStars
        self.opcYear = opcYear
        self.quadrant = quadrant
    }

    init(_ product: ProductSummary) {
        self.init(name: product.name, productType: product.productType.rawValue, foodSubgroup: product.foodSubgroup?.rawValue,
                  opcStars: product.opcStars, opcYear: product.opcYear, quadrant: product.quadrant)
    }

    /// The keys a merge patch may touch.
    static let keys: Set<String> = ["name", "productType", "foodSubgroup", "opcStars", "opcYear", "quadrant"]

    /// At most this many products per enterprise.
    static let maxCount = 100

    func validated(_ v: inout Validation, field: String, id: UUID) -> ProductSummary? {
        let prefix = field.isEmpty ? "" : "\(field)."
        let name = v.text(name, "\(prefix)name", maxLength: 300)
        let type = v.oneOf(productType, "\(prefix)productType", as: ProductType.self)
        let subgroup = v.optionalOneOf(foodSubgroup, "\(prefix)foodSubgroup", as: FoodSubgroup.self)
        if subgroup != nil && type != nil && type != .food {
            v.failRule("\(prefix)foodSubgroup", Messages.foodSubgroupFoodOnly, involves: ["foodSubgroup", "productType"])
        }
        let stars = v.int(opcStars, "\(prefix)opcStars", in: 1...5, required: false)
        let year = v.int(opcYear, "\(prefix)opcYear", in: 2546...2700, required: false)
        if opcStars != nil && opcYear == nil { v.failRule("\(prefix)opcYear", Messages.opcYearWithStars, involves: ["opcStars", "opcYear"]) }
        if let quadrant, !["A", "B", "C", "D"].contains(quadrant) { v.fail("\(prefix)quadrant", Messages.quadrant) }
        guard let name, let type else { return nil }
        return ProductSummary(productId: id, name: name, productType: type, foodSubgroup: subgroup,
                              opcStars: stars, opcYear: year, quadrant: quadrant)
    }
}
