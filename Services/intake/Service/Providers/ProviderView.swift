import Contracts
import Domain
import Foundation

/// A provider as the API shows it.
struct ProviderView: Codable, Sendable {
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
