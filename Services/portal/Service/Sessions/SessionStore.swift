import Domain
import Foundation
import Postgres

/// Sessions in `portal.sessions`: opened at sign-in, found by the cookie's token digest on every
/// request (with the account, in one statement), kept alive by use up to the absolute expiry, ended
/// at sign-out, password change or when an operator disables the account.
public struct SessionStore: Sendable {
    let pool: PostgresPool
    public let idle: Duration
    public let absolute: Duration

    public init(pool: PostgresPool, idle: Duration, absolute: Duration) {
        self.pool = pool
        self.idle = idle
        self.absolute = absolute
    }

    /// Opens a session for `account` and returns it with the cookie's token (shown once, never stored).
    public func open(for account: Account, language: Language, userAgent: String?, now: Date = Date()) async throws -> (Session, token: String) {
        let token = SessionToken.random(), csrf = SessionToken.random()
        let session = Session(id: UUID(), principal: .account(account), csrfToken: csrf, language: language, createdAt: now,
                              idleExpiresAt: now.addingTimeInterval(Self.seconds(idle)),
                              absoluteExpiresAt: now.addingTimeInterval(Self.seconds(absolute)))
        try await pool.execute("""
            INSERT INTO portal.sessions (id, token_hash, principal_kind, account_id, csrf_secret, language, created_at, last_seen_at,
                                         idle_expires_at, absolute_expires_at, user_agent)
            VALUES (\(session.id), \(SessionToken.digest(token)), 'account', \(account.id), \(Data(csrf.utf8)), \(language.rawValue),
                    \(now), \(now), \(session.idleExpiresAt), \(session.absoluteExpiresAt), \(userAgent.map { String($0.prefix(200)) }))
            """)
        return (session, token)
    }

    /// What a cookie's token finds.
    public enum Lookup: Sendable, Equatable {
        case active(Session)
        /// The session existed but ended or expired (the page says so and asks to sign in again).
        case expired(sessionID: UUID, accountID: UUID?)
        case unknown
    }

    /// The session of `token`, moving its idle expiry on (at most once a minute, to spare writes).
    public func find(token: String, now: Date = Date()) async throws -> Lookup {
        let rows = try await pool.query("""
            SELECT s.id AS session_id, s.csrf_secret, s.language, s.created_at AS session_created_at, s.last_seen_at,
                   s.idle_expires_at, s.absolute_expires_at, s.ended_at, \(sql: Account.qualifiedColumns)
            FROM portal.sessions s JOIN portal.accounts a ON a.id = s.account_id
            WHERE s.token_hash = \(SessionToken.digest(token))
            """)
        guard let row = rows.first else { return .unknown }
        let id = try row.decode(UUID.self, column: "session_id")
        let account = try Account(row: row)
        let idleExpiry = try row.decode(Date.self, column: "idle_expires_at")
        let absoluteExpiry = try row.decode(Date.self, column: "absolute_expires_at")
        if try row.decode(Date?.self, column: "ended_at") != nil || account.disabledAt != nil || idleExpiry <= now || absoluteExpiry <= now {
            return .expired(sessionID: id, accountID: account.id)
        }
        var session = Session(id: id, principal: .account(account),
                              csrfToken: String(decoding: try row.decode(Data.self, column: "csrf_secret"), as: UTF8.self),
                              language: try row.decode(Language.self, column: "language"),
                              createdAt: try row.decode(Date.self, column: "session_created_at"),
                              idleExpiresAt: idleExpiry, absoluteExpiresAt: absoluteExpiry)
        let lastSeen = try row.decode(Date.self, column: "last_seen_at")
        if now.timeIntervalSince(lastSeen) >= 60 {
            session.idleExpiresAt = min(now.addingTimeInterval(Self.seconds(idle)), absoluteExpiry)
            try await pool.execute("""
                UPDATE portal.sessions SET last_seen_at = \(now), idle_expires_at = \(session.idleExpiresAt) WHERE id = \(id)
                """)
        }
        return .active(session)
    }

    /// Ends a session (sign-out); `true` when it was still open.
    @discardableResult
    public func end(_ id: UUID) async throws -> Bool {
        try await pool.execute("UPDATE portal.sessions SET ended_at = now() WHERE id = \(id) AND ended_at IS NULL") > 0
    }

    /// Changes the session's language (the English switch).
    public func setLanguage(_ id: UUID, _ language: Language) async throws {
        try await pool.execute("UPDATE portal.sessions SET language = \(language.rawValue) WHERE id = \(id)")
    }

    /// The open sessions of an account, newest first (the "my account" page).
    public func open(of account: UUID, now: Date = Date()) async throws -> [(id: UUID, createdAt: Date, lastSeenAt: Date, userAgent: String?)] {
        try await pool.query("""
            SELECT id, created_at, last_seen_at, user_agent FROM portal.sessions
            WHERE account_id = \(account) AND ended_at IS NULL AND idle_expires_at > \(now) AND absolute_expires_at > \(now)
            ORDER BY created_at DESC
            """).map { (try $0.decode(UUID.self, column: "id"), try $0.decode(Date.self, column: "created_at"),
                        try $0.decode(Date.self, column: "last_seen_at"), try $0.decode(String?.self, column: "user_agent")) }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds)
    }
}

extension Account {
    /// ``columns`` read from the `accounts` table aliased `a`.
    static let qualifiedColumns: StaticString = """
        a.id, a.username, a.display_name, a.role, a.region, a.must_change_password, a.disabled_at, a.created_at
        """
}
