import Contracts
import Domain
import Foundation
import Logging

/// A provider's offer: what `POST /v1/providers` registers (with contacts) and the object
/// `PATCH /v1/providers/{id}` patches.
struct ProviderProfileBody: Codable {
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

    /// The keys a merge patch may touch.
    static let keys: Set<String> = ["name", "kind", "serviceAreas", "productTypes", "standards", "accreditedLabTests",
                                    "provinceCodes", "regions", "capacity", "qualified"]

    init(name: String? = nil, kind: String? = nil, serviceAreas: [String]? = nil, productTypes: [String]? = nil,
         standards: [String]? = nil, accreditedLabTests: [String]? = nil, provinceCodes: [String]? = nil,
         regions: [String]? = nil, capacity: Int? = nil, qualified: Bool? = nil) {
        self.name = name
        self.kind = kind
        self.serviceAreas = serviceAreas
        self.productTypes = productTypes
        self.standards = standards
        self.accreditedLabTests = accreditedLabTests
        self.provinceCodes = provinceCodes
        self.regions = regions
        self.capacity = capacity
        self.qualified = qualified
    }

    init(_ profile: ProviderRegistered) {
        self.init(name: profile.name, kind: profile.kind.rawValue, serviceAreas: profile.serviceAreas.map(\.rawValue),
                  productTypes: profile.productTypes.map(\.rawValue), standards: profile.standards.map(\.rawValue),
                  accreditedLabTests: profile.accreditedLabTests, provinceCodes: profile.provinceCodes,
                  regions: profile.regions.map(\.rawValue), capacity: profile.capacity, qualified: profile.qualified)
    }

    /// The profile for provider `id` registered at `registeredAt`, or `nil` with the errors in `v`.
    func validated(_ v: inout Validation, id: UUID, registeredAt: Date) -> ProviderRegistered? {
        let name = v.text(name, "name", maxLength: 300)
        let kind = v.oneOf(kind, "kind", as: ProviderKind.self)
        let areas = v.list(serviceAreas, "serviceAreas", as: ServiceArea.self)
        let types = v.list(productTypes, "productTypes", as: ProductType.self)
        let standards = v.list(standards, "standards", as: StandardCode.self, allowEmpty: true)
        let regions = v.list(regions, "regions", as: Region.self, allowEmpty: true)
        var provinces: [String] = []
        for (i, code) in (provinceCodes ?? []).enumerated() {
            guard let province = v.province(code, "provinceCodes[\(i)]") else { continue }
            if provinces.contains(province.isoCode) { v.fail("provinceCodes[\(i)]", Messages.listedTwice(code)) }
            provinces.append(province.isoCode)
        }
        if (provinceCodes ?? []).isEmpty && (self.regions ?? []).isEmpty {
            v.failRule("provinceCodes", Messages.providerArea, involves: ["provinceCodes", "regions"])
        }
        let capacity = v.int(capacity, "capacity", in: 0...10_000, required: true)
        let labTests = v.count(accreditedLabTests, "accreditedLabTests", max: 50, required: false).enumerated().compactMap { i, test in
            v.text(test, "accreditedLabTests[\(i)]", maxLength: 200)
        }
        guard let name, let kind, let areas, let types, let standards, let regions, let capacity else { return nil }
        return ProviderRegistered(
            providerId: id, name: name, kind: kind, serviceAreas: areas, productTypes: types, standards: standards,
            accreditedLabTests: labTests, provinceCodes: provinces, regions: regions, capacity: capacity,
            qualified: qualified ?? false, registeredAt: registeredAt)
    }
}

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
        let profile = ProviderProfileBody(
            name: name, kind: kind, serviceAreas: serviceAreas, productTypes: productTypes, standards: standards,
            accreditedLabTests: accreditedLabTests, provinceCodes: provinceCodes, regions: regions, capacity: capacity,
            qualified: qualified).validated(&v, id: UUID(), registeredAt: now)
        let contacts = ContactBody.validated(self.contacts, &v)
        try v.finish()
        return Valid(profile: profile!, contacts: contacts)
    }
}
