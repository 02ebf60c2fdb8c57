import Contracts
import Domain
import Foundation

/// A product as the API shows it.
struct ProductView: Codable, Sendable {
    var id: UUID
    var enterpriseId: UUID
    var name: String
    var productType: String
    var foodSubgroup: String?
    var opcStars: Int?
    var opcYear: Int?
    var quadrant: String?

    init(_ record: ProductRecord) {
        id = record.summary.productId
        enterpriseId = record.enterpriseID
        name = record.summary.name
        productType = record.summary.productType.rawValue
        foodSubgroup = record.summary.foodSubgroup?.rawValue
        opcStars = record.summary.opcStars
        opcYear = record.summary.opcYear
        quadrant = record.summary.quadrant
    }
}
