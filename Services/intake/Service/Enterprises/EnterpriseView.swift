import Contracts
import Domain
import Foundation

/// An enterprise as the API shows it (`GET`, and the answer of `POST` and `PATCH`).
struct EnterpriseView: Encodable, Sendable {
    var id: UUID
    var name: String
    var kind: String
    /// Masked (last 4 digits) for roles that do not need it.
    var registrationNumber: String?
    var provinceCode: String
    var region: String
    var district: String
    var subdistrict: String?
    var registeredAt: Date
    var updatedAt: Date
    var products: [ProductView]

    init(_ record: EnterpriseRecord, for client: APIClient) {
        id = record.id
        name = record.name
        kind = record.kind.rawValue
        registrationNumber = record.registrationNumber.map {
            client.seesPersonalData(of: record.id) ? $0 : Masking.registrationNumber($0)
        }
        provinceCode = record.provinceCode
        region = Province.withCode(record.provinceCode)?.region.rawValue ?? ""
        district = record.district
        subdistrict = record.subdistrict
        registeredAt = record.createdAt
        updatedAt = record.updatedAt
        products = record.products.map(ProductView.init)
    }
}

/// A product as the API shows it.
struct ProductView: Encodable, Sendable {
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

/// A provider as the API shows it.
struct ProviderView: Encodable, Sendable {
    var id: UUID
    var name: String
    var kind: String
    var serviceAreas: [String]
    var productTypes: [String]
    var standards: [String]
    var accreditedLabTests: [String]
    var provinceCodes: [String]
    var regions: [String]
    var capacity: Int
    var qualified: Bool
    var registeredAt: Date
    var updatedAt: Date

    init(_ record: ProviderRecord) {
        let profile = record.profile
        id = profile.providerId
        name = profile.name
        kind = profile.kind.rawValue
        serviceAreas = profile.serviceAreas.map(\.rawValue)
        productTypes = profile.productTypes.map(\.rawValue)
        standards = profile.standards.map(\.rawValue)
        accreditedLabTests = profile.accreditedLabTests
        provinceCodes = profile.provinceCodes
        regions = profile.regions.map(\.rawValue)
        capacity = profile.capacity
        qualified = profile.qualified
        registeredAt = profile.registeredAt
        updatedAt = record.updatedAt
    }
}

/// A party's contact persons as the API shows them (masked for roles that do not need them).
struct ContactsView: Encodable, Sendable {
    var partyId: UUID
    var partyKind: String
    var partyName: String
    /// The region an officer's office looks after (officers only).
    var region: String?
    var contacts: [ContactPerson]
    /// Whether phone, e-mail and LINE ids are masked in this answer.
    var masked: Bool
    var updatedAt: Date

    init(_ record: ContactsRecord, for client: APIClient) {
        partyId = record.partyID
        partyKind = record.partyKind.rawValue
        partyName = record.partyName
        region = record.region?.rawValue
        masked = !client.seesPersonalData(of: record.partyID)
        contacts = masked ? record.contacts.map(Masking.contact) : record.contacts
        updatedAt = record.updatedAt
    }
}

/// An API client as an operator sees it (never a token or its hash).
struct ClientView: Encodable, Sendable {
    var id: UUID
    var name: String
    var role: String
    var enterpriseId: UUID?
    var providerId: UUID?
    var region: String?
    var credential: String
    var issuer: String?
    var subject: String?
    var createdAt: Date
    var revokedAt: Date?
    var replacedBy: UUID?

    init(_ record: ClientRecord) {
        id = record.client.id
        name = record.client.name
        role = record.client.role.rawValue
        enterpriseId = record.client.enterpriseID
        providerId = record.client.providerID
        region = record.client.region?.rawValue
        credential = record.client.credential.rawValue
        issuer = record.issuer
        subject = record.subject
        createdAt = record.createdAt
        revokedAt = record.revokedAt
        replacedBy = record.replacedBy
    }
}

/// A new API client with its token (the only time the token is shown).
struct IssuedClient: Encodable {
    var id: UUID
    var name: String
    var role: String
    var enterpriseId: UUID?
    var providerId: UUID?
    var region: String?
    /// Shown once.
    var token: String

    init(_ client: APIClient, token: String) {
        id = client.id
        name = client.name
        role = client.role.rawValue
        enterpriseId = client.enterpriseID
        providerId = client.providerID
        region = client.region?.rawValue
        self.token = token
    }
}

/// The answer to a submitted request.
struct SubmittedAnswer: Encodable {
    var id: UUID
    var reference: String
    var status: String
}
