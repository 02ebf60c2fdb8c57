import Contracts
import Domain
import Foundation
import Logging

/// `POST /v1/requests`.
struct SubmitRequestBody: Decodable, Encodable {
    var enterpriseId: String?
    var productId: String?
    var productName: String?
    var productType: String?
    var serviceAreas: [String]?
    var targetStandard: String?
    var description: String?

    struct Valid {
        var enterpriseID: UUID
        var productID: UUID?
        var productName: String?
        var productType: ProductType?
        var serviceAreas: [ServiceArea]
        var targetStandard: StandardCode?
        var description: String
    }

    /// Validates the body for `client`: an enterprise submits for itself only; an officer names the enterprise.
    func validated(for client: APIClient) throws(Problem) -> Valid {
        var v = Validation()
        var enterprise: UUID?
        switch client.role {
        case .enterprise:
            enterprise = client.enterpriseID
            if let given = enterpriseId, UUID(uuidString: given) != client.enterpriseID {
                v.fail("enterpriseId", "an enterprise submits requests for itself only; leave enterpriseId out")
            }
        default:
            if let given = enterpriseId {
                enterprise = UUID(uuidString: given)
                if enterprise == nil { v.fail("enterpriseId", "must be a UUID") }
            } else {
                v.fail("enterpriseId", "is required when an officer submits on an enterprise's behalf")
            }
        }
        var product: UUID?
        if let productId {
            product = UUID(uuidString: productId)
            if product == nil { v.fail("productId", "must be a UUID") }
        }
        let name = v.optionalText(productName, "productName", maxLength: 300)
        let type = v.optionalOneOf(productType, "productType", as: ProductType.self)
        if productId == nil && (name == nil || productType == nil) {
            v.fail(name == nil ? "productName" : "productType", "give productId, or productName and productType")
        }
        let areas = v.list(serviceAreas, "serviceAreas", as: ServiceArea.self)
        let standard = v.optionalOneOf(targetStandard, "targetStandard", as: StandardCode.self)
        if standard != nil, let areas, !areas.contains(.standardsSystem) {
            v.fail("serviceAreas", "a targetStandard needs the standardsSystem service area")
        }
        let description = v.text(description, "description", maxLength: 4000)
        try v.finish()
        return Valid(enterpriseID: enterprise!, productID: product, productName: name, productType: type,
                     serviceAreas: areas!, targetStandard: standard, description: description!)
    }
}
