import Contracts
import Domain
import Foundation

/// `POST /v1/enterprise-applications` (the portal, before anyone is signed in): an enterprise new to
/// the programme registers itself with one product and one contact person, from the client address
/// the portal received the form from (for the per-address rate limit).
struct EnterpriseApplicationBody: Decodable {
    var name: String?
    var kind: String?
    var registrationNumber: String?
    var provinceCode: String?
    var district: String?
    var product: ProductBody?
    var contact: ContactBody?
    var clientAddress: String?

    struct Valid {
        var enterprise: RegisterEnterpriseBody.Valid
        var clientAddress: String
    }

    /// The application as an enterprise registration (422 naming each bad field). The contact person
    /// needs a name and a phone and is reached by SMS; an e-mail or LINE id typed by an unknown
    /// person is not taken (an officer adds them once the enterprise is verified).
    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let details = EnterpriseDetailsBody(name: name, kind: kind ?? EnterpriseKind.communityEnterprise.rawValue,
                                            registrationNumber: registrationNumber, provinceCode: provinceCode, district: district,
                                            subdistrict: nil).validated(&v)
        if product == nil { v.fail("product", Messages.required) }
        let product = self.product.flatMap { $0.validated(&v, field: "product", id: UUID()) }
        if contact == nil { v.fail("contact", Messages.required) }
        if let contact, contact.phone == nil { v.fail("contact.phone", Messages.required) }
        let person = contact.flatMap { typed -> ContactPerson? in
            guard typed.phone != nil else { return nil }
            return ContactBody(name: typed.name, role: typed.role, phone: typed.phone, language: typed.language,
                               channels: [ContactChannel.sms.rawValue]).validated(&v, field: "contact")
        }
        let address = v.clientAddress(clientAddress, "clientAddress")
        try v.finish()
        return Valid(enterprise: .init(details: details!, products: product.map { [$0] } ?? [], contacts: person.map { [$0] } ?? [],
                                       heldCertificates: []),
                     clientAddress: address!)
    }
}
