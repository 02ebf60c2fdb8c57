import Contracts
import Domain
import Foundation

/// A provider as the API shows it, with the work it holds (for the manual-assignment picker) and,
/// read on its own, its record.
struct ProviderView: Codable, Sendable {
    /// The provider's outcomes over all fiscal years.
    struct Record: Codable, Sendable, Equatable {
        /// Proposals made to it, and how they ended.
        var proposals: Int
        var accepted: Int
        var declined: Int
        var expired: Int
        /// Assignments it held, completed, and had withdrawn by an officer.
        var assignments: Int
        var completed: Int
        var withdrawn: Int
        /// completed / (completed + withdrawn), as the programme KPIs count it; absent when none ended.
        var completionRate: Double?
        var rated: Int
        var meanRating: Double?
        /// Certificates issued for requests assigned to it.
        var certificatesObtained: Int
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
    /// Open proposals and open assignments: the capacity matching holds.
    var activeAssignments: Int
    /// activeAssignments / capacity, three decimals; absent at capacity 0.
    var load: Double?
    var qualified: Bool
    var registeredAt: Date
    var updatedAt: Date
    /// Only on `GET /v1/providers/{id}`.
    var record: Record?

    init(_ record: ProviderRecord, outcomes: Record? = nil) {
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
        activeAssignments = record.activeAssignments
        load = capacity > 0 ? KPIStatistics.rounded(Double(record.activeAssignments) / Double(capacity), places: 3) : nil
        self.record = outcomes
        qualified = profile.qualified
        registeredAt = profile.registeredAt
        updatedAt = record.updatedAt
    }
}
