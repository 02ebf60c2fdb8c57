import Contracts
import Domain
import Foundation
import Postgres

/// What the tracker knows about enterprises, their products and their requests (from
/// otop.enterprises and otop.requests): the province its events and KPIs need, product names for
/// certificates addressed by product id, a request's product for an assignment that takes a
/// standard on.
struct EnterpriseDirectory: Sendable {
    /// A request as the tracker keeps it.
    struct RequestRecord: Sendable, Hashable {
        var id: UUID
        var enterpriseId: UUID
        var productId: UUID?
        var productName: String
        var provinceCode: String
    }

    /// Stores an enterprise and its products (idempotent: a replay changes nothing).
    func record(_ enterprise: EnterpriseRegistered, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO certification.enterprises (id, province_code, registered_at)
            VALUES (\(enterprise.enterpriseId), \(enterprise.provinceCode), \(enterprise.registeredAt))
            ON CONFLICT (id) DO UPDATE SET province_code = EXCLUDED.province_code
            """)
        for product in enterprise.products {
            try await connection.execute("""
                INSERT INTO certification.products (id, enterprise_id, name, name_key, product_type)
                VALUES (\(product.productId), \(enterprise.enterpriseId), \(product.name), \(CertificateProductKey.normalised(product.name)),
                        \(product.productType.rawValue))
                ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key
                """)
        }
        // Certificates registered before the enterprise event arrived get its province.
        try await connection.execute("""
            UPDATE certification.certificates SET province_code = \(enterprise.provinceCode)
            WHERE enterprise_id = \(enterprise.enterpriseId) AND province_code IS NULL
            """)
    }

    /// Stores a request (idempotent).
    func record(_ request: RequestSubmitted, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO certification.requests (id, enterprise_id, product_id, product_name, province_code, target_standard, submitted_at)
            VALUES (\(request.requestId), \(request.enterpriseId), \(request.productId), \(request.productName),
                    \(request.provinceCode), \(request.targetStandard?.rawValue), \(request.submittedAt))
            ON CONFLICT (id) DO NOTHING
            """)
    }

    func request(id: UUID, on connection: PostgresConnection) async throws -> RequestRecord? {
        guard let row = try await connection.query("""
            SELECT id, enterprise_id, product_id, product_name, province_code FROM certification.requests WHERE id = \(id)
            """).first else { return nil }
        return RequestRecord(id: try row.decode(UUID.self, column: "id"),
                             enterpriseId: try row.decode(UUID.self, column: "enterprise_id"),
                             productId: try row.decode(UUID?.self, column: "product_id"),
                             productName: try row.decode(String.self, column: "product_name"),
                             provinceCode: try row.decode(String.self, column: "province_code"))
    }

    /// The enterprise's province, when its registration has been seen.
    func province(of enterprise: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT province_code FROM certification.enterprises WHERE id = \(enterprise)")
            .first?.decode(String.self, column: "province_code")
    }

    /// The product's name, when the product belongs to the enterprise.
    func productName(_ product: UUID, of enterprise: UUID, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("""
            SELECT name FROM certification.products WHERE id = \(product) AND enterprise_id = \(enterprise)
            """).first?.decode(String.self, column: "name")
    }

    /// The id of the enterprise's product with this name, when exactly one has it.
    func productId(named name: String, of enterprise: UUID, on connection: PostgresConnection) async throws -> UUID? {
        let rows = try await connection.query("""
            SELECT id FROM certification.products WHERE enterprise_id = \(enterprise) AND name_key = \(CertificateProductKey.normalised(name))
            """)
        guard rows.count == 1 else { return nil }
        return try rows[0].decode(UUID.self, column: "id")
    }
}
