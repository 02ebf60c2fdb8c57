import Contracts
import Domain
import Foundation
import Logging

/// The fields of an enterprise itself (not its products or contacts): what `POST /v1/enterprises`
/// starts with and what `PATCH /v1/enterprises/{id}` changes.
struct EnterpriseDetailsBody: Codable {
    var name: String?
    var kind: String?
    var registrationNumber: String?
    var provinceCode: String?
    var district: String?
    var subdistrict: String?

    /// The keys a merge patch may touch.
    static let keys: Set<String> = ["name", "kind", "registrationNumber", "provinceCode", "district", "subdistrict"]

    struct Valid {
        var name: String
        var kind: EnterpriseKind
        /// 13 digits whose last is the check digit (Domain's ``ThaiIdentificationNumber``, as the CSV import checks).
        var registrationNumber: String?
        var province: Province
        var district: String
        var subdistrict: String?
    }

    func validated(_ v: inout Validation) -> Valid? {
        let name = v.text(name, "name", maxLength: 300)
        let kind = v.oneOf(kind, "kind", as: EnterpriseKind.self)
        let registration = v.registrationNumber(registrationNumber, "registrationNumber")
        let province = v.province(provinceCode, "provinceCode")
        let district = v.text(district, "district", maxLength: 100)
        let subdistrict = v.optionalText(subdistrict, "subdistrict", maxLength: 100)
        guard let name, let kind, let province, let district else { return nil }
        return Valid(name: name, kind: kind, registrationNumber: registration, province: province, district: district,
                     subdistrict: subdistrict)
    }
}

/// `POST /v1/enterprises`.
struct RegisterEnterpriseBody: Decodable {
    var name: String?
    var kind: String?
    var registrationNumber: String?
    var provinceCode: String?
    var district: String?
    var subdistrict: String?
    var products: [ProductBody]?
    var contacts: [ContactBody]?
    /// Certificates the enterprise already holds (their product named as in `products`).
    var heldCertificates: [HeldCertificateBody]?

    struct Valid {
        var details: EnterpriseDetailsBody.Valid
        var products: [ProductSummary]
        var contacts: [ContactPerson]
        var heldCertificates: [HeldCertificateBody.Valid]
    }

    func validated(catalogue: StandardCatalogue = .default) throws(Problem) -> Valid {
        var v = Validation()
        let details = EnterpriseDetailsBody(name: name, kind: kind, registrationNumber: registrationNumber,
                                            provinceCode: provinceCode, district: district, subdistrict: subdistrict).validated(&v)
        let products = v.count(self.products, "products", max: ProductBody.maxCount, required: true).enumerated().compactMap { index, body in
            body.validated(&v, field: "products[\(index)]", id: UUID())
        }
        let contacts = ContactBody.validated(self.contacts, &v)
        var held: [HeldCertificateBody.Valid] = []
        for (index, certificate) in v.count(heldCertificates, "heldCertificates", max: 50, required: false).enumerated() {
            let field = "heldCertificates[\(index)]."
            if certificate.productId != nil { v.fail(field + "productId", Messages.heldProductByName) }
            if let name = certificate.productName, !(self.products ?? []).contains(where: { $0.name == name }) {
                v.failRule(field + "productName", Messages.heldProductNotListed, involves: ["heldCertificates", "products"])
            }
            if let valid = certificate.validated(&v, field: field, catalogue: catalogue) { held.append(valid) }
        }
        try v.finish()
        return Valid(details: details!, products: products, contacts: contacts, heldCertificates: held)
    }
}
