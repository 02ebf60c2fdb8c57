import Domain
import Foundation
import Postgres

/// Keeps each request's region (whose budget pays its coupon) in step with the regional offices'
/// file (`regions.json`): a deployment that moves a province to another office moves that
/// province's requests with it, as long as no coupon money has moved for them yet. A request with
/// a coupon (held, committed, spent or released) keeps the region whose budget recorded it, so
/// every ledger stays balanced; its next coupon move is charged where the first was.
enum RegionalAssignment {
    /// Moves the requests without a coupon whose province another region now serves; returns how many.
    static func follow(_ structure: RegionalStructure, pool: PostgresPool) async throws -> Int {
        var codes: [String] = [], regions: [String] = []
        for region in Region.allCases {
            for code in structure[region].provinceCodes {
                codes.append(code)
                regions.append(region.rawValue)
            }
        }
        return try await pool.query("""
            WITH served AS (SELECT * FROM unnest(\(codes)::text[], \(regions)::text[]) AS s(province_code, region))
            UPDATE matching.requests AS r SET region = served.region
            FROM served
            WHERE r.province_code = served.province_code AND r.region IS DISTINCT FROM served.region
              AND NOT EXISTS (SELECT 1 FROM matching.coupons c WHERE c.request_id = r.id)
            RETURNING r.id
            """).count
    }
}
