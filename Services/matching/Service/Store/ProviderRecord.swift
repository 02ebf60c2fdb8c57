import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// A provider as matching keeps it: the declared profile plus its current load and history.
struct ProviderRecord: Sendable {
    var id: UUID
    var name: String
    var profile: ProviderProfile

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        name = try row.decode(String.self, column: "name")
        let finished = try row.decode(Int.self, column: "finished")
        let completed = try row.decode(Int.self, column: "completed")
        profile = ProviderProfile(
            serviceAreas: Set(try row.decode([String].self, column: "service_areas").compactMap(ServiceArea.init(rawValue:))),
            productTypes: Set(try row.decode([String].self, column: "product_types").compactMap(ProductType.init(rawValue:))),
            standards: Set(try row.decode([String].self, column: "standards").compactMap(StandardCode.init(rawValue:))),
            provinceCodes: try row.decode([String].self, column: "province_codes"),
            regions: Set(try row.decode([String].self, column: "regions").compactMap(Region.init(rawValue:))),
            capacity: try row.decode(Int.self, column: "capacity"),
            activeLoad: try row.decode(Int.self, column: "active_load"),
            completionRate: finished == 0 ? nil : Double(completed) / Double(finished),
            qualified: try row.decode(Bool.self, column: "qualified"))
    }

}
