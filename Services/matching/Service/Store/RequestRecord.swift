import Contracts
import Domain
import Foundation
import Postgres

/// A request as matching keeps it: what the enterprise asked for, its place in the journey
/// (``Domain/RequestStatus``) and its coupon.
struct RequestRecord: Sendable {
    var id: UUID
    var reference: String
    var enterpriseID: UUID
    var productType: ProductType
    var serviceAreas: [ServiceArea]
    var targetStandard: StandardCode?
    var provinceCode: String
    var region: Region
    var fiscalYear: Int
    var status: RequestStatus
    var unmatchedReason: String?
    var coupon: CouponAmounts
    var rated: Bool
    var submittedAt: Date
    /// The trace of the flow that submitted it (continued by work done later on its own, e.g. expiry).
    var trace: String?

    static let columns: StaticString = """
        id, reference, enterprise_id, product_type, service_areas, target_standard, province_code, region, fiscal_year,
        status, unmatched_reason, coupon_value_baht, enterprise_share_baht, programme_share_baht, rated, submitted_at, trace
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        reference = try row.decode(String.self, column: "reference")
        enterpriseID = try row.decode(UUID.self, column: "enterprise_id")
        productType = try row.decode(ProductType.self, column: "product_type")
        serviceAreas = try row.decode([ServiceArea].self, column: "service_areas")
        targetStandard = try row.decode(StandardCode?.self, column: "target_standard")
        provinceCode = try row.decode(String.self, column: "province_code")
        // Rows from before the journey have no region column value: it follows from the province.
        if let region = try row.decode(Region?.self, column: "region") {
            self.region = region
        } else if let province = Province.withCode(provinceCode) {
            self.region = province.region
        } else {
            throw PostgresError(code: .decoding, message: "request \(id): province '\(provinceCode)' is unknown", column: "province_code")
        }
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        status = try row.decode(RequestStatus.self, column: "status")
        unmatchedReason = try row.decode(String?.self, column: "unmatched_reason")
        coupon = CouponAmounts(valueBaht: try row.decode(Int.self, column: "coupon_value_baht"),
                               enterpriseShareBaht: try row.decode(Int.self, column: "enterprise_share_baht"),
                               programmeShareBaht: try row.decode(Int.self, column: "programme_share_baht"))
        rated = try row.decode(Bool.self, column: "rated")
        submittedAt = try row.decode(Date.self, column: "submitted_at")
        trace = try row.decode(String?.self, column: "trace")
    }

    /// What the scorer needs.
    var profile: RequestProfile {
        RequestProfile(serviceAreas: Set(serviceAreas), productType: productType, targetStandard: targetStandard,
                       provinceCode: provinceCode)
    }

    /// The correlation id of the request's journey.
    var journey: String { id.lowercased }
}
