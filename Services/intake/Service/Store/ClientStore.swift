import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// API clients and their bearer tokens. Only the SHA-256 of a token is stored (computed by
/// PostgreSQL's `sha256()`), so a database dump does not hand out access.
public struct ClientStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The active client holding `token`, or `nil`.
    public func client(forToken token: String) async throws -> APIClient? {
        let rows = try await pool.query("""
            SELECT id, name, role, enterprise_id, provider_id FROM intake.api_clients
            WHERE token_hash = sha256(convert_to(\(token), 'UTF8')) AND revoked_at IS NULL
            """)
        return try rows.first.map(Self.decode)
    }

    /// Creates a client and returns it with its token (shown once; not recoverable).
    public func create(name: String, role: Role, enterpriseID: UUID?, providerID: UUID?) async throws -> (APIClient, String) {
        let token = Self.newToken()
        let client = APIClient(id: UUID(), name: name, role: role, enterpriseID: enterpriseID, providerID: providerID)
        try await pool.execute("""
            INSERT INTO intake.api_clients (id, name, role, token_hash, enterprise_id, provider_id)
            VALUES (\(client.id), \(name), \(role.rawValue), sha256(convert_to(\(token), 'UTF8')), \(enterpriseID), \(providerID))
            """)
        return (client, token)
    }

    /// Makes sure an operator client exists for `token` (the bootstrap token from the environment).
    public func ensureOperator(token: String, name: String) async throws {
        try await pool.execute("""
            INSERT INTO intake.api_clients (id, name, role, token_hash)
            VALUES (\(UUID()), \(name), 'operator', sha256(convert_to(\(token), 'UTF8')))
            ON CONFLICT (token_hash) DO NOTHING
            """)
    }

    /// Revokes a client; `false` when there is none.
    public func revoke(id: UUID) async throws -> Bool {
        try await pool.execute("UPDATE intake.api_clients SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL") == 1
    }

    static func decode(_ row: PostgresRow) throws -> APIClient {
        let role = try row.decode(String.self, column: "role")
        return APIClient(id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                         role: Role(rawValue: role) ?? .enterprise,
                         enterpriseID: try row.decode(UUID?.self, column: "enterprise_id"),
                         providerID: try row.decode(UUID?.self, column: "provider_id"))
    }

    /// `otop_` + 32 random bytes, base64url: 256 bits from the system's CSPRNG.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "otop_" + base64
    }
}
