import Domain
import Foundation
import Postgres

/// A provider as matching keeps it: the declared profile plus its current load and past outcomes.
struct ProviderRecord: Sendable {
    var id: UUID
    var name: String
    var profile: ProviderProfile

    /// The columns `init(row:)` reads.
    static let columns: StaticString = """
        id, name, service_areas, product_types, standards, province_codes, regions, capacity, active_load, completed,
        withdrawn_by_officer, rating_sum, ratings, certificates, qualified
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        name = try row.decode(String.self, column: "name")
        profile = ProviderProfile(
            serviceAreas: Set(try row.decode([ServiceArea].self, column: "service_areas")),
            productTypes: Set(try row.decode([ProductType].self, column: "product_types")),
            standards: Set(try row.decode([StandardCode].self, column: "standards")),
            provinceCodes: try row.decode([String].self, column: "province_codes"),
            regions: Set(try row.decode([Region].self, column: "regions")),
            capacity: try row.decode(Int.self, column: "capacity"),
            activeLoad: try row.decode(Int.self, column: "active_load"),
            outcomes: ProviderOutcomes(
                completed: try row.decode(Int.self, column: "completed"),
                withdrawnByOfficer: try row.decode(Int.self, column: "withdrawn_by_officer"),
                ratingSum: try row.decode(Int.self, column: "rating_sum"),
                ratings: try row.decode(Int.self, column: "ratings"),
                certificates: try row.decode(Int.self, column: "certificates")),
            qualified: try row.decode(Bool.self, column: "qualified"))
    }
}
