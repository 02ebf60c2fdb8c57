import Domain
import Foundation
import Postgres

/// The portal's accounts in `portal.accounts`: created by an operator (`otopctl account create`, or
/// the operators' page), found by user name at sign-in, disabled and enabled, passwords reset.
public struct AccountStore: Sendable {
    let pool: PostgresPool
    let hasher: PasswordHasher

    public init(pool: PostgresPool, hasher: PasswordHasher) {
        self.pool = pool
        self.hasher = hasher
    }

    /// Why an account could not be created or changed.
    public enum Failure: Error, Equatable, Sendable {
        case usernameTaken
        case invalidUsername
        case invalidDisplayName
        case regionForOperator
        case password(PasswordPolicy.Refusal)
        case notFound
    }

    /// Creates an account; the password must pass ``PasswordPolicy``.
    public func create(username: String, displayName: String, role: Account.Role, region: Region?,
                       password: String, mustChangePassword: Bool = false) async throws -> Account {
        let username = username.trimmingCharacters(in: .whitespaces)
        guard (3...64).contains(username.count),
              username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }) else {
            throw Failure.invalidUsername
        }
        let displayName = displayName.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(displayName.count), !displayName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw Failure.invalidDisplayName }
        if role == .operator, region != nil { throw Failure.regionForOperator }
        if let refusal = PasswordPolicy.check(password, username: username) { throw Failure.password(refusal) }
        let hash = try await hasher.hash(password)
        let rows = try await pool.query("""
            INSERT INTO portal.accounts (id, username, display_name, role, region, password_hash, must_change_password)
            VALUES (\(UUID()), \(username), \(displayName), \(role.rawValue), \(region?.rawValue), \(hash), \(mustChangePassword))
            ON CONFLICT ((lower(username))) DO NOTHING
            RETURNING \(sql: Account.columns)
            """)
        guard let row = rows.first else { throw Failure.usernameTaken }
        return try Account(row: row)
    }

    /// The account and its password hash for a sign-in, by user name ignoring case.
    func credentials(username: String) async throws -> (account: Account, hash: String)? {
        guard let row = try await pool.query("""
            SELECT \(sql: Account.columns), password_hash FROM portal.accounts WHERE lower(username) = lower(\(username))
            """).first else { return nil }
        return (try Account(row: row), try row.decode(String.self, column: "password_hash"))
    }

    public func account(id: UUID) async throws -> Account? {
        try await pool.query("SELECT \(sql: Account.columns) FROM portal.accounts WHERE id = \(id)").first.map(Account.init(row:))
    }

    public func account(username: String) async throws -> Account? {
        try await pool.query("SELECT \(sql: Account.columns) FROM portal.accounts WHERE lower(username) = lower(\(username))")
            .first.map(Account.init(row:))
    }

    /// Every account, operators first, then by user name.
    public func all() async throws -> [Account] {
        try await pool.query("SELECT \(sql: Account.columns) FROM portal.accounts ORDER BY role DESC, lower(username)")
            .map(Account.init(row:))
    }

    /// Sets a new password (checked by the policy); `mustChange` asks for another at the next sign-in
    /// (an operator's reset). Ends the account's other sessions.
    public func setPassword(_ id: UUID, to password: String, mustChange: Bool, keepingSession session: UUID? = nil) async throws {
        guard let account = try await account(id: id) else { throw Failure.notFound }
        if let refusal = PasswordPolicy.check(password, username: account.username) { throw Failure.password(refusal) }
        let hash = try await hasher.hash(password)
        try await pool.withTransaction { connection in
            try await connection.execute("""
                UPDATE portal.accounts SET password_hash = \(hash), must_change_password = \(mustChange),
                       password_changed_at = now(), updated_at = now() WHERE id = \(id)
                """)
            try await connection.execute("""
                UPDATE portal.sessions SET ended_at = now()
                WHERE account_id = \(id) AND ended_at IS NULL AND (\(session)::uuid IS NULL OR id <> \(session))
                """)
        }
    }

    /// Disables (signing out every session of it) or enables an account.
    public func setDisabled(_ id: UUID, _ disabled: Bool) async throws {
        let changed = try await pool.withTransaction { connection in
            let changed = try await connection.execute("""
                UPDATE portal.accounts SET disabled_at = CASE WHEN \(disabled) THEN coalesce(disabled_at, now()) END, updated_at = now()
                WHERE id = \(id)
                """)
            if disabled {
                try await connection.execute("UPDATE portal.sessions SET ended_at = now() WHERE account_id = \(id) AND ended_at IS NULL")
            }
            return changed
        }
        if changed == 0 { throw Failure.notFound }
    }
}
