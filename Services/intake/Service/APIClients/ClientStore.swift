import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// API clients and their bearer tokens. Only the SHA-256 of a token is stored (PostgreSQL's
/// `sha256()` when a client is created, ``TokenDigest`` when one is looked up: the same digest), so
/// a database dump does not hand out access. JWT subjects are clients too (issuer and subject, no
/// token), so they can be listed and revoked like keys.
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
            SELECT id, name, role, enterprise_id, provider_id, region, subject FROM intake.api_clients
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

    /// The client of a verified JWT: created on its subject's first request, its role, party and
    /// region following the token's claims; `nil` when an operator revoked the subject.
    func client(issuer: String, subject: String, claims: APIClient) async throws -> APIClient? {
        let rows = try await pool.query("""
            INSERT INTO intake.api_clients (id, name, role, enterprise_id, provider_id, region, issuer, subject)
            VALUES (\(claims.id), \(claims.name), \(claims.role.rawValue), \(claims.enterpriseID), \(claims.providerID),
                    \(claims.region?.rawValue), \(issuer), \(subject))
            ON CONFLICT (issuer, subject) DO UPDATE
                SET name = EXCLUDED.name, role = EXCLUDED.role, enterprise_id = EXCLUDED.enterprise_id,
                    provider_id = EXCLUDED.provider_id, region = EXCLUDED.region
                WHERE intake.api_clients.revoked_at IS NULL
            RETURNING id, name, role, enterprise_id, provider_id, region, subject
            """)
        return try rows.first.map(Self.decode)
    }

    /// Creates a client and returns it with its token (shown once; not recoverable).
    public func create(name: String, role: Role, enterpriseID: UUID?, providerID: UUID?,
                       region: Region? = nil) async throws -> (APIClient, String) {
        let token = Self.newToken()
        let client = APIClient(id: UUID(), name: name, role: role, enterpriseID: enterpriseID, providerID: providerID, region: region)
        try await pool.execute(Self.insertion(client, token: token))
        return (client, token)
    }

    private static func insertion(_ client: APIClient, token: String) -> PostgresQuery {
        """
        INSERT INTO intake.api_clients (id, name, role, token_hash, enterprise_id, provider_id, region)
        VALUES (\(client.id), \(client.name), \(client.role.rawValue), sha256(convert_to(\(token), 'UTF8')),
                \(client.enterpriseID), \(client.providerID), \(client.region?.rawValue))
        """
    }

    /// Makes sure an operator client exists for `token` (the bootstrap token from the environment).
    public func ensureOperator(token: String, name: String) async throws {
        try await pool.execute("""
            INSERT INTO intake.api_clients (id, name, role, token_hash)
            VALUES (\(UUID()), \(name), \(Role.operator.rawValue), sha256(convert_to(\(token), 'UTF8')))
            ON CONFLICT (token_hash) DO NOTHING
            """)
    }

    /// Whether the client exists and is not revoked (for routes whose client may come from the cache).
    func isActive(id: UUID) async throws -> Bool {
        try await pool.query("SELECT 1 AS one FROM intake.api_clients WHERE id = \(id) AND revoked_at IS NULL").count == 1
    }

    /// Revokes a client: its token (or JWT subject) is refused from the next request on. `false`
    /// when there is no such active client.
    public func revoke(id: UUID) async throws -> Bool {
        try await pool.execute("UPDATE intake.api_clients SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL") == 1
    }

    /// Rotates an API key: the client is revoked and replaced by a new one with the same name, role
    /// and scope, whose token is returned (shown once). `nil` when there is no such active API-key client.
    public func rotate(id: UUID) async throws -> (APIClient, String)? {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT id, name, role, enterprise_id, provider_id, region, subject FROM intake.api_clients
                WHERE id = \(id) AND revoked_at IS NULL AND token_hash IS NOT NULL FOR UPDATE
                """)
            guard let old = try rows.first.map(Self.decode) else { return nil }
            let token = Self.newToken()
            var replacement = old
            replacement.id = UUID()
            try await connection.execute(Self.insertion(replacement, token: token))
            try await connection.execute("""
                UPDATE intake.api_clients SET revoked_at = now(), replaced_by = \(replacement.id) WHERE id = \(id)
                """)
            return (replacement, token)
        }
    }

    /// One client (revoked ones too), or `nil`.
    func record(id: UUID) async throws -> ClientRecord? {
        try await pool.query("""
            SELECT id, name, role, enterprise_id, provider_id, region, issuer, subject, created_at, revoked_at, replaced_by,
                   created_at::text AS position
            FROM intake.api_clients WHERE id = \(id)
            """).first.map(ClientRecord.init(row:))
    }

    /// Every client, newest first (for `otopctl apikey list`).
    public func all() async throws -> [ClientRecord] {
        try await pool.query("""
            SELECT id, name, role, enterprise_id, provider_id, region, issuer, subject, created_at, revoked_at, replaced_by,
                   created_at::text AS position
            FROM intake.api_clients ORDER BY created_at DESC, id DESC
            """).map(ClientRecord.init(row:))
    }

    /// Whether the party a new enterprise or provider client acts for is registered.
    public func partyExists(enterpriseID: UUID?, providerID: UUID?) async throws -> Bool {
        try await pool.query("""
            SELECT (\(enterpriseID)::uuid IS NULL OR EXISTS (SELECT 1 FROM intake.enterprises WHERE id = \(enterpriseID)))
               AND (\(providerID)::uuid IS NULL OR EXISTS (SELECT 1 FROM intake.providers WHERE id = \(providerID))) AS found
            """)[0].decode(Bool.self, column: "found")
    }

    /// Clients newest first, `limit + 1` rows.
    func list(_ query: ListQuery) async throws -> [ClientRecord] {
        try await pool.query("""
            SELECT id, name, role, enterprise_id, provider_id, region, issuer, subject, created_at, revoked_at, replaced_by,
                   created_at::text AS position
            FROM intake.api_clients
            WHERE (\(query.role?.rawValue)::text IS NULL OR role = \(query.role?.rawValue))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (created_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """).map(ClientRecord.init(row:))
    }

    /// The client in a row of `api_clients` (typed: an unknown role or region is an error naming it).
    static func decode(_ row: PostgresRow) throws -> APIClient {
        APIClient(id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                  role: try row.decode(Role.self, column: "role"),
                  enterpriseID: try row.decode(UUID?.self, column: "enterprise_id"),
                  providerID: try row.decode(UUID?.self, column: "provider_id"),
                  region: try row.decode(Region?.self, column: "region"),
                  credential: try row.decode(String?.self, column: "subject") == nil ? .apiKey : .jwt)
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
