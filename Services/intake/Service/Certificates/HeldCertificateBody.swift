import Contracts
import Domain
import Foundation
import Timestamps

/// `POST /v1/enterprises/{id}/certificates`, and each of `heldCertificates` at enterprise
/// registration: a certificate the enterprise already holds, so its renewal is tracked.
struct HeldCertificateBody: Codable {
    var standard: String?
    var number: String?
    var validFrom: String?
    var validUntil: String?
    var productId: String?
    var productName: String?

    struct Valid {
        var standard: StandardCode
        var number: String
        var validFrom: CivilDate
        var validUntil: CivilDate?
        var productID: UUID?
        var productName: String?
    }

    /// Checks the facts against the catalogue (an expiry for a standard that expires, none for one
    /// that does not; a product for a standard that covers one). `field` prefixes field names.
    func validated(_ v: inout Validation, field prefix: String = "", catalogue: StandardCatalogue) -> Valid? {
        let standard = v.oneOf(self.standard, prefix + "standard", as: StandardCode.self)
        let number = v.text(number, prefix + "number", maxLength: 100)
        let from = v.date(validFrom, prefix + "validFrom", required: true)
        let until = v.date(validUntil, prefix + "validUntil")
        let product = v.uuid(productId, prefix + "productId")
        let name = v.optionalText(productName, prefix + "productName", maxLength: 300)
        if let standard {
            let definition = catalogue[standard]
            if definition.expires && validUntil == nil {
                v.fail(prefix + "validUntil", Messages.expiryRequired(standard))
            }
            v.standardImplies(standard, definition, hasProduct: productId != nil || name != nil, validUntil: validUntil,
                              productField: prefix + "productName", untilField: prefix + "validUntil")
        }
        if let from, let until, until <= from { v.fail(prefix + "validUntil", Messages.after("validFrom", from.description)) }
        guard let standard, let number, let from else { return nil }
        return Valid(standard: standard, number: number, validFrom: from, validUntil: until, productID: product, productName: name)
    }
}

extension HeldCertificateBody.Valid {
    /// The command for the tracker.
    func event(enterprise: UUID, productID: UUID?, productName: String?, province: String, by client: APIClient,
               at time: Date) -> HeldCertificateRegistered {
        HeldCertificateRegistered(registrationId: UUID(), enterpriseId: enterprise, productId: productID, standard: standard,
                                  number: number, validFrom: validFrom.description, validUntil: validUntil?.description,
                                  registeredBy: client.actor, registeredAt: time, productName: productName, provinceCode: province)
    }
}
