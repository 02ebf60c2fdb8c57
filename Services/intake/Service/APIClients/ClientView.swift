import Contracts
import Domain
import Foundation

/// An API client as an operator sees it (never a token or its hash).
struct ClientView: Codable, Sendable {
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
