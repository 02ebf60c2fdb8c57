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

    /// Validates the body for `client`: an enterprise submits for itself only (an `enterpriseId`, if
    /// sent, must be its own); an officer names the enterprise.
    func validated(for client: APIClient) throws(Problem) -> Valid {
        var v = Validation()
        var enterprise: UUID?
        switch client.role {
        case .enterprise:
            enterprise = client.enterpriseID
            // Another enterprise's id is not the client's to use (403); a malformed one is a 422.
            if let given = enterpriseId, let id = UUID(uuidString: given), id != client.enterpriseID {
                throw Problem.forbidden(Messages.ownEnterpriseOnly, field: "enterpriseId")
            }
            _ = v.uuid(enterpriseId, "enterpriseId", required: false)
        default:
            // An officer has no enterprise of its own to submit for.
            if enterpriseId == nil { throw Problem.forbidden(Messages.officerNamesEnterprise, field: "enterpriseId") }
            enterprise = v.uuid(enterpriseId, "enterpriseId", required: true)
        }
        let product = v.uuid(productId, "productId", required: false)
        let name = v.optionalText(productName, "productName", maxLength: 300)
        let type = v.optionalOneOf(productType, "productType", as: ProductType.self)
        if productId == nil && (productName == nil || productType == nil) {
            v.fail(productName == nil ? "productName" : "productType", Messages.productChoice)
        }
        let areas = v.list(serviceAreas, "serviceAreas", as: ServiceArea.self)
        let standard = v.optionalOneOf(targetStandard, "targetStandard", as: StandardCode.self)
        if standard != nil, let areas, !areas.contains(.standardsSystem) {
            v.fail("serviceAreas", Messages.standardNeedsArea)
        }
        let description = v.text(description, "description", maxLength: 4000)
        try v.finish()
        return Valid(enterpriseID: enterprise!, productID: product, productName: name, productType: type,
                     serviceAreas: areas!, targetStandard: standard, description: description!)
    }
}
