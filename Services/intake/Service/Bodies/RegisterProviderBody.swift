import Contracts
import Domain
import Foundation
import Logging

/// `POST /v1/providers`.
struct RegisterProviderBody: Decodable {
    var name: String?
    var kind: String?
    var serviceAreas: [String]?
    var productTypes: [String]?
    var standards: [String]?
    var accreditedLabTests: [String]?
    var provinceCodes: [String]?
    var regions: [String]?
    var capacity: Int?
    var qualified: Bool?
    var contacts: [ContactBody]?

    struct Valid {
        var profile: ProviderRegistered
        var contacts: [ContactPerson]
    }

    func validated(now: Date) throws(Problem) -> Valid {
        var v = Validation()
        let name = v.text(name, "name", maxLength: 300)
        let kind = v.oneOf(kind, "kind", as: ProviderKind.self)
        let areas = v.list(serviceAreas, "serviceAreas", as: ServiceArea.self)
        let types = v.list(productTypes, "productTypes", as: ProductType.self)
        let standards = v.list(standards, "standards", as: StandardCode.self, allowEmpty: true)
        let regions = v.list(regions, "regions", as: Region.self, allowEmpty: true)
        var provinces: [String] = []
        for (i, code) in (provinceCodes ?? []).enumerated() {
            if let p = v.province(code, "provinceCodes[\(i)]") { provinces.append(p.isoCode) }
        }
        if provinces.isEmpty && (regions ?? []).isEmpty {
            v.fail("provinceCodes", "list the provinces served (home province first), or regions")
        }
        let capacity = v.int(capacity, "capacity", in: 0...10_000, required: true)
        let labTests = (accreditedLabTests ?? []).enumerated().compactMap { i, t in
            v.text(t, "accreditedLabTests[\(i)]", maxLength: 200)
        }
        var contacts: [ContactPerson] = []
        if (self.contacts ?? []).isEmpty { v.fail("contacts", "must list at least one coordinator") }
        for (i, c) in (self.contacts ?? []).enumerated() {
            if let person = c.validated(&v, field: "contacts[\(i)]") { contacts.append(person) }
        }
        try v.finish()
        let profile = ProviderRegistered(
            providerId: UUID(), name: name!, kind: kind!, serviceAreas: areas!, productTypes: types!, standards: standards!,
            accreditedLabTests: labTests, provinceCodes: provinces, regions: regions!, capacity: capacity!,
            qualified: qualified ?? false, registeredAt: now)
        return Valid(profile: profile, contacts: contacts)
    }
}
