import Contracts
import Domain
import Foundation
import Postgres

/// A request as the API shows it.
struct RequestView: Codable, Sendable {
    struct TimelineEntry: Codable, Sendable {
        var eventId: UUID
        var type: String
        var source: String
        var at: Date
        var summary: [String: String]
    }

    var id: UUID
    var reference: String
    var enterpriseId: UUID
    var productId: UUID?
    var productName: String
    var productType: String
    var serviceAreas: [String]
    var targetStandard: String?
    var description: String
    var provinceCode: String
    var fiscalYear: Int
    var status: String
    /// The status as enterprises and officers read it in Thai.
    var statusNameTH: String
    /// The status in English, for an English interface.
    var statusNameEN: String
    var submittedAt: Date
    var updatedAt: Date
    var timeline: [TimelineEntry]?
    /// `submitted_at` as PostgreSQL writes it, for paging (not shown).
    var position = ""

    private enum CodingKeys: String, CodingKey {
        case id, reference, enterpriseId, productId, productName, productType, serviceAreas, targetStandard, description
        case provinceCode, fiscalYear, status, statusNameTH, statusNameEN, submittedAt, updatedAt, timeline
    }

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        reference = try row.decode(String.self, column: "reference")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        productId = try row.decode(UUID?.self, column: "product_id")
        productName = try row.decode(String.self, column: "product_name")
        productType = try row.decode(String.self, column: "product_type")
        serviceAreas = try row.decode([String].self, column: "service_areas")
        targetStandard = try row.decode(String?.self, column: "target_standard")
        description = try row.decode(String.self, column: "description")
        provinceCode = try row.decode(String.self, column: "province_code")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        let status = try row.decode(RequestStatus.self, column: "status")
        self.status = status.rawValue
        statusNameTH = status.nameTH
        statusNameEN = status.nameEN
        submittedAt = try row.decode(Date.self, column: "submitted_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        timeline = nil
        position = try row.decode(String.self, column: "position")
    }
}
