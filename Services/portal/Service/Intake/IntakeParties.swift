import Foundation

/// An enterprise with its products (`GET /v1/enterprises/{id}`).
struct IntakeEnterprise: Decodable, Sendable {
    struct Product: Decodable, Sendable {
        var id: UUID
        var name: String
        var productType: String
        var foodSubgroup: String?
        var opcStars: Int?
        var opcYear: Int?
        var quadrant: String?
    }

    var id: UUID
    var name: String
    var kind: String
    var registrationNumber: String?
    var provinceCode: String
    var region: String
    var district: String
    var subdistrict: String?
    var registeredAt: Date
    var updatedAt: Date
    var products: [Product]
}

/// A provider (`GET /v1/providers/{id}`); `record`, `activeAssignments` and `load` are A6.
struct IntakeProvider: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        var proposals: Int?
        var accepted: Int?
        var declined: Int?
        var expired: Int?
        var assignments: Int?
        var completed: Int?
        var withdrawn: Int?
        var completionRate: Double?
        var rated: Int?
        var meanRating: Double?
        var certificatesObtained: Int?
    }

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
    var activeAssignments: Int?
    var load: Double?
    var record: Record?
}

/// A party's contact persons (`GET /v1/contacts/{partyId}`).
struct IntakeContacts: Decodable, Sendable {
    struct Person: Codable, Sendable {
        var name: String
        var role: String?
        var email: String?
        var phone: String?
        var lineUserId: String?
        var language: String?
        var channels: [String]?
    }

    var partyId: UUID
    var partyKind: String
    var partyName: String
    var contacts: [Person]
    var masked: Bool
}

/// An API client (`GET /v1/api-clients`), and one just issued (with its token, shown once).
struct IntakeClientView: Decodable, Sendable {
    var id: UUID
    var name: String
    var role: String
    var enterpriseId: UUID?
    var providerId: UUID?
    var region: String?
    var credential: String?
    var issuer: String?
    var createdAt: Date?
    var revokedAt: Date?
    var token: String?
}
