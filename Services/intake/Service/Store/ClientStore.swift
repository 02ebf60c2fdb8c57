import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// API clients and their bearer tokens. Only the SHA-256 of a token is stored (PostgreSQL's
/// `sha256()` when a client is created, ``TokenDigest`` when one is looked up: the same digest), so
/// a database dump does not hand out access.
public struct ClientStore: Sendable {
    let pool: PostgresPool
    /// Clients looked up recently, for routes that check revocation themselves.
    let cache = ClientCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The active client holding `token`, or `nil`: a statement on every call, so a revoked token is
    /// refused at once.
    public func client(forToken token: String) async throws -> APIClient? {
        try await client(for: TokenDigest(token: token))
    }

    func client(for digest: TokenDigest) async throws -> APIClient? {
        let rows = try await pool.query("""
            SELECT id, name, role, enterprise_id, provider_id FROM intake.api_clients
            WHERE token_hash = \(digest.bytes) AND revoked_at IS NULL
            """)
        guard let client = try rows.first.map(Self.decode) else { return nil }
        cache.remember(client, for: digest)
        return client
    }

    /// The client holding the token of `digest` as remembered from an earlier request, else looked
    /// up. **The caller must check that the client is not revoked** in its own statement (that is the
    /// point: it saves a statement); see ``AuthenticationMiddleware/Revocation/checkedByRoute``.
    func rememberedClient(for digest: TokenDigest) async throws -> APIClient? {
        if let client = cache.client(for: digest) { return client }
        return try await client(for: digest)
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
        let roleName = try row.decode(String.self, column: "role")
        guard let role = Role(rawValue: roleName) else {
            throw PostgresError(code: .decoding, message: "unknown API client role '\(roleName)'", column: "role")
        }
        return APIClient(id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                         role: role,
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
