import Contracts
import Domain
import Foundation
import Postgres

/// Notifications' copy of each request (from `otop.requests`) and the provider it is assigned to
/// (from `match.assigned`), for the wording and for certificate messages to the provider.
enum RequestCopyStore {
    static func store(_ request: RequestSubmitted, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO notifications.requests (id, reference, enterprise_id, product_name, product_type, service_areas,
                target_standard, province_code, description, submitted_at)
            VALUES (\(request.requestId), \(request.reference), \(request.enterpriseId), \(request.productName),
                \(request.productType.rawValue), \(request.serviceAreas.map(\.rawValue)), \(request.targetStandard?.rawValue),
                \(request.provinceCode), \(request.description), \(request.submittedAt))
            ON CONFLICT (id) DO NOTHING
            """)
    }

    /// Records (or with `nil` clears) the provider the request is assigned to.
    static func assign(_ request: UUID, to provider: UUID?, on connection: PostgresConnection) async throws {
        try await connection.execute("UPDATE notifications.requests SET provider_id = \(provider) WHERE id = \(request)")
    }

    static func provider(of request: UUID, on connection: PostgresConnection) async throws -> UUID? {
        try await connection.query("SELECT provider_id FROM notifications.requests WHERE id = \(request)")
            .first?.decode(UUID?.self, column: "provider_id")
    }

    /// The region of the request's province; `nil` when the request is not known here.
    static func region(of request: UUID, on connection: PostgresConnection) async throws -> Region? {
        guard let code = try await connection.query("SELECT province_code FROM notifications.requests WHERE id = \(request)")
            .first?.decode(String.self, column: "province_code") else { return nil }
        guard let province = Province.withCode(code) else {
            throw PostgresError(code: .decoding, message: "column 'province_code': unknown province '\(code)'", column: "province_code")
        }
        return province.region
    }

    static func summary(_ id: UUID, on connection: PostgresConnection) async throws -> RequestSummary? {
        let rows = try await connection.query("""
            SELECT reference, product_name, product_type, service_areas, target_standard, province_code, description, submitted_at
            FROM notifications.requests WHERE id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let areas = try row.decode([String].self, column: "service_areas").map { raw throws in
            guard let area = ServiceArea(rawValue: raw) else {
                throw PostgresError(code: .decoding, message: "column 'service_areas': unknown ServiceArea '\(raw)'", column: "service_areas")
            }
            return area
        }
        return RequestSummary(
            reference: try row.decode(String.self, column: "reference"),
            productName: try row.decode(String.self, column: "product_name"),
            productType: try row.decode(ProductType.self, column: "product_type"),
            serviceAreas: areas,
            targetStandard: try row.decode(StandardCode?.self, column: "target_standard"),
            provinceCode: try row.decode(String.self, column: "province_code"),
            description: try row.decode(String.self, column: "description"),
            submittedAt: try row.decode(Date.self, column: "submitted_at"))
    }
}
