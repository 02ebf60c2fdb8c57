import Contracts
import Domain
import Foundation
import Logging

/// `POST /v1/enterprises`.
struct RegisterEnterpriseBody: Decodable {
    struct Product: Decodable {
        var name: String?
        var productType: String?
        var foodSubgroup: String?
        var opcStars: Int?
        var opcYear: Int?
        var quadrant: String?
    }

    var name: String?
    var kind: String?
    var registrationNumber: String?
    var provinceCode: String?
    var district: String?
    var subdistrict: String?
    var products: [Product]?
    var contacts: [ContactBody]?
    /// Certificates the enterprise already holds (their product named as in `products`).
    var heldCertificates: [HeldCertificateBody]?

    struct Valid {
        var name: String
        var kind: EnterpriseKind
        var registrationNumber: ThaiIdentificationNumber?
        var province: Province
        var district: String
        var subdistrict: String?
        var products: [ProductSummary]
        var contacts: [ContactPerson]
        var heldCertificates: [HeldCertificateBody.Valid]
    }

    func validated(catalogue: StandardCatalogue = .default) throws(Problem) -> Valid {
        var v = Validation()
        let name = v.text(name, "name", maxLength: 300)
        let kind = v.oneOf(kind, "kind", as: EnterpriseKind.self)
        var registration: ThaiIdentificationNumber?
        if let registrationNumber {
            do { registration = try ThaiIdentificationNumber(registrationNumber) } catch {
                v.fail("registrationNumber", error.description)
            }
        }
        let province = v.province(provinceCode, "provinceCode")
        let district = v.text(district, "district", maxLength: 100)
        let subdistrict = v.optionalText(subdistrict, "subdistrict", maxLength: 100)
        var products: [ProductSummary] = []
        if (self.products ?? []).isEmpty { v.fail("products", "must list at least one product") }
        for (i, p) in (self.products ?? []).enumerated() {
            let f = "products[\(i)]"
            let pname = v.text(p.name, "\(f).name", maxLength: 300)
            let type = v.oneOf(p.productType, "\(f).productType", as: ProductType.self)
            let subgroup = v.optionalOneOf(p.foodSubgroup, "\(f).foodSubgroup", as: FoodSubgroup.self)
            if subgroup != nil && type != nil && type != .food { v.fail("\(f).foodSubgroup", "applies to food products only") }
            let stars = v.int(p.opcStars, "\(f).opcStars", in: 1...5, required: false)
            let year = v.int(p.opcYear, "\(f).opcYear", in: 2546...2700, required: p.opcStars != nil)
            if let q = p.quadrant, !["A", "B", "C", "D"].contains(q) { v.fail("\(f).quadrant", "must be A, B, C or D; found '\(q)'") }
            if let pname, let type {
                products.append(ProductSummary(productId: UUID(), name: pname, productType: type, foodSubgroup: subgroup,
                                               opcStars: stars, opcYear: year, quadrant: p.quadrant))
            }
        }
        var contacts: [ContactPerson] = []
        if (self.contacts ?? []).isEmpty { v.fail("contacts", "must list at least one contact person") }
        for (i, c) in (self.contacts ?? []).enumerated() {
            if let person = c.validated(&v, field: "contacts[\(i)]") { contacts.append(person) }
        }
        var held: [HeldCertificateBody.Valid] = []
        for (i, certificate) in (heldCertificates ?? []).enumerated() {
            let f = "heldCertificates[\(i)]."
            if certificate.productId != nil { v.fail(f + "productId", "name the product as in products (productName)") }
            if let name = certificate.productName, !products.contains(where: { $0.name == name }) {
                v.fail(f + "productName", "must be the name of one of the products registered here")
            }
            if let valid = certificate.validated(&v, field: f, catalogue: catalogue) { held.append(valid) }
        }
        try v.finish()
        return Valid(name: name!, kind: kind!, registrationNumber: registration, province: province!, district: district!,
                     subdistrict: subdistrict, products: products, contacts: contacts, heldCertificates: held)
    }
}
