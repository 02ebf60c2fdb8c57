import Domain
import Foundation

/// `th.otop.provider.registered.v1` on `otop.providers`: a provider's offer as declared (and, when
/// `qualified`, approved by an officer). A later event with the same provider id replaces the profile.
public struct ProviderRegistered: EventPayload, Hashable {
    public static let eventType = "th.otop.provider.registered.v1"
    public static let topic = Topic.providers

    public var providerId: UUID
    public var name: String
    public var kind: ProviderKind
    public var serviceAreas: [ServiceArea]
    public var productTypes: [ProductType]
    public var standards: [StandardCode]
    /// Accredited laboratory tests offered (free text codes, e.g. `ISO/IEC 17025: aflatoxin`).
    public var accreditedLabTests: [String]
    /// Provinces served (ISO codes), home province first.
    public var provinceCodes: [String]
    /// Regions served as a whole.
    public var regions: [Region]
    /// Maximum concurrent projects.
    public var capacity: Int
    public var qualified: Bool
    public var registeredAt: Date

    public init(providerId: UUID, name: String, kind: ProviderKind, serviceAreas: [ServiceArea],
                productTypes: [ProductType], standards: [StandardCode], accreditedLabTests: [String],
                provinceCodes: [String], regions: [Region], capacity: Int, qualified: Bool, registeredAt: Date) {
        self.providerId = providerId
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
        self.registeredAt = registeredAt
    }

    public var aggregateID: String { providerId.lowercased }
    public var subject: String { "provider/\(aggregateID)" }
}
