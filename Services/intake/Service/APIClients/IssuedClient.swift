import Contracts
import Domain
import Foundation

/// A new API client with its token (the only time the token is shown).
struct IssuedClient: Codable {
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
