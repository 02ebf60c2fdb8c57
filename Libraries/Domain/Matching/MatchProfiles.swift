/// What matching needs to know about a request for help.
public struct RequestProfile: Sendable, Hashable {
    public var serviceAreas: Set<ServiceArea>
    public var productType: ProductType
    public var targetStandard: StandardCode?
    /// The enterprise's province (ISO code).
    public var provinceCode: String

    public init(serviceAreas: Set<ServiceArea>, productType: ProductType, targetStandard: StandardCode?, provinceCode: String) {
        self.serviceAreas = serviceAreas
        self.productType = productType
        self.targetStandard = targetStandard
        self.provinceCode = provinceCode
    }
}

/// What matching needs to know about a provider.
public struct ProviderProfile: Sendable, Hashable {
    public var serviceAreas: Set<ServiceArea>
    public var productTypes: Set<ProductType>
    public var standards: Set<StandardCode>
    /// Provinces the provider serves directly (ISO codes); its home province first.
    public var provinceCodes: [String]
    /// Regions served as a whole (beyond the listed provinces).
    public var regions: Set<Region>
    /// Maximum concurrent projects (a hard limit).
    public var capacity: Int
    /// Units of capacity held now: open proposals and assignments not yet finished.
    public var activeLoad: Int
    /// What the provider's past work came to.
    public var outcomes: ProviderOutcomes
    /// Pre-qualified by an officer; unqualified providers get no work.
    public var qualified: Bool

    public init(serviceAreas: Set<ServiceArea>, productTypes: Set<ProductType>, standards: Set<StandardCode>,
                provinceCodes: [String], regions: Set<Region>, capacity: Int, activeLoad: Int,
                outcomes: ProviderOutcomes = ProviderOutcomes(), qualified: Bool) {
        self.serviceAreas = serviceAreas
        self.productTypes = productTypes
        self.standards = standards
        self.provinceCodes = provinceCodes
        self.regions = regions
        self.capacity = capacity
        self.activeLoad = activeLoad
        self.outcomes = outcomes
        self.qualified = qualified
    }

    /// Capacity left for new work.
    public var freeCapacity: Int { max(0, capacity - activeLoad) }
}
