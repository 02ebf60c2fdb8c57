import Domain
import Foundation
import Postgres

/// Sessions in `portal.sessions` (an account's or a contact person's): opened at sign-in, found by the cookie's token digest on every
/// request (with the account, in one statement), kept alive by use up to the absolute expiry, ended
/// at sign-out, password change or when an operator disables the account.
public struct SessionStore: Sendable {
    let pool: PostgresPool
    public let idle: Duration
    public let absolute: Duration
    /// A contact person's session with "remember this phone": 30 days, however idle.
    public let remembered: Duration

    public init(pool: PostgresPool, idle: Duration, absolute: Duration, remembered: Duration = .seconds(30 * 86400)) {
        self.pool = pool
        self.idle = idle
        self.absolute = absolute
        self.remembered = remembered
    }

    /// Opens a session for `account` and returns it with the cookie's token (shown once, never stored).
    public func open(for account: Account, language: Language, userAgent: String?, now: Date = Date()) async throws -> (Session, token: String) {
        try await open(.account(account), language: language, userAgent: userAgent, now: now)
    }

    /// Opens a session for `principal`; `remember` (a contact person's "remember this phone") makes the
    /// absolute expiry ``remembered`` instead of ``absolute``, and the idle expiry the same.
    public func open(_ principal: Session.Principal, language: Language, userAgent: String?, remember: Bool = false,
                     now: Date = Date()) async throws -> (Session, token: String) {
        let token = SessionToken.random(), csrf = SessionToken.random()
        let absoluteExpiry = now.addingTimeInterval(Self.seconds(remember ? remembered : absolute))
        let session = Session(id: UUID(), principal: principal, csrfToken: csrf, language: language, createdAt: now,
                              idleExpiresAt: remember ? absoluteExpiry : now.addingTimeInterval(Self.seconds(idle)),
                              absoluteExpiresAt: absoluteExpiry)
        let device = userAgent.map { String($0.prefix(200)) }
        switch principal {
        case .account(let account):
            try await pool.execute("""
                INSERT INTO portal.sessions (id, token_hash, principal_kind, account_id, csrf_secret, language, created_at, last_seen_at,
                                             idle_expires_at, absolute_expires_at, user_agent)
                VALUES (\(session.id), \(SessionToken.digest(token)), 'account', \(account.id), \(Data(csrf.utf8)), \(language.rawValue),
                        \(now), \(now), \(session.idleExpiresAt), \(session.absoluteExpiresAt), \(device))
                """)
        case .contact(let contact):
            try await pool.execute("""
                INSERT INTO portal.sessions (id, token_hash, principal_kind, party_kind, party_id, contact_index, contact_name, party_name,
                                             remembered, csrf_secret, language, created_at, last_seen_at, idle_expires_at,
                                             absolute_expires_at, user_agent)
                VALUES (\(session.id), \(SessionToken.digest(token)), 'contact', \(contact.party.rawValue), \(contact.partyID),
                        \(contact.contactIndex), \(contact.name), \(contact.partyName), \(remember), \(Data(csrf.utf8)),
                        \(language.rawValue), \(now), \(now), \(session.idleExpiresAt), \(session.absoluteExpiresAt), \(device))
                """)
        }
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
            SELECT s.id AS session_id, s.principal_kind, s.party_kind, s.party_id, s.contact_index, s.contact_name, s.party_name,
                   s.remembered, s.csrf_secret, s.language, s.created_at AS session_created_at, s.last_seen_at,
                   s.idle_expires_at, s.absolute_expires_at, s.ended_at, \(sql: Account.qualifiedColumns)
            FROM portal.sessions s LEFT JOIN portal.accounts a ON a.id = s.account_id
            WHERE s.token_hash = \(SessionToken.digest(token))
            """)
        guard let row = rows.first else { return .unknown }
        let id = try row.decode(UUID.self, column: "session_id")
        let principal = try Self.principal(row)
        let account = if case .account(let account) = principal { account } else { Account?.none }
        let idleExpiry = try row.decode(Date.self, column: "idle_expires_at")
        let absoluteExpiry = try row.decode(Date.self, column: "absolute_expires_at")
        if try row.decode(Date?.self, column: "ended_at") != nil || account?.disabledAt != nil || idleExpiry <= now || absoluteExpiry <= now {
            return .expired(sessionID: id, accountID: account?.id)
        }
        var session = Session(id: id, principal: principal,
                              csrfToken: String(decoding: try row.decode(Data.self, column: "csrf_secret"), as: UTF8.self),
                              language: try row.decode(Language.self, column: "language"),
                              createdAt: try row.decode(Date.self, column: "session_created_at"),
                              idleExpiresAt: idleExpiry, absoluteExpiresAt: absoluteExpiry)
        let lastSeen = try row.decode(Date.self, column: "last_seen_at")
        if now.timeIntervalSince(lastSeen) >= 60 {
            // A remembered session's idle expiry is its absolute one: only last-seen moves.
            if try !row.decode(Bool.self, column: "remembered") {
                session.idleExpiresAt = min(now.addingTimeInterval(Self.seconds(idle)), absoluteExpiry)
            }
            try await pool.execute("""
                UPDATE portal.sessions SET last_seen_at = \(now), idle_expires_at = \(session.idleExpiresAt) WHERE id = \(id)
                """)
        }
        return .active(session)
    }

    /// The principal of a `sessions` row joined with its account.
    static func principal(_ row: PostgresRow) throws -> Session.Principal {
        guard try row.decode(String.self, column: "principal_kind") == "contact" else { return .account(try Account(row: row)) }
        return .contact(ContactPrincipal(party: try row.decode(ContactPrincipal.Party.self, column: "party_kind"),
                                         partyID: try row.decode(UUID.self, column: "party_id"),
                                         contactIndex: try row.decode(Int.self, column: "contact_index"),
                                         name: try row.decode(String.self, column: "contact_name"),
                                         partyName: try row.decode(String.self, column: "party_name")))
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

    /// One open session in the person's list.
    public struct Listed: Sendable, Equatable {
        public var id: UUID
        public var createdAt: Date
        public var lastSeenAt: Date
        public var userAgent: String?
        public var remembered: Bool
    }

    /// The open sessions of an account, newest first (the "my account" page).
    public func open(of account: UUID, now: Date = Date()) async throws -> [Listed] {
        try await listed(pool.query("""
            SELECT id, created_at, last_seen_at, user_agent, remembered FROM portal.sessions
            WHERE account_id = \(account) AND ended_at IS NULL AND idle_expires_at > \(now) AND absolute_expires_at > \(now)
            ORDER BY created_at DESC
            """))
    }

    /// The open sessions of a contact person (every device they signed in on), newest first.
    public func open(of contact: ContactPrincipal, now: Date = Date()) async throws -> [Listed] {
        try await listed(pool.query("""
            SELECT id, created_at, last_seen_at, user_agent, remembered FROM portal.sessions
            WHERE principal_kind = 'contact' AND party_id = \(contact.partyID) AND contact_index = \(contact.contactIndex)
              AND ended_at IS NULL AND idle_expires_at > \(now) AND absolute_expires_at > \(now)
            ORDER BY created_at DESC
            """))
    }

    /// Ends one of a contact person's sessions (from their list); `true` when it was theirs and open.
    @discardableResult
    public func end(_ id: UUID, of contact: ContactPrincipal) async throws -> Bool {
        try await pool.execute("""
            UPDATE portal.sessions SET ended_at = now()
            WHERE id = \(id) AND principal_kind = 'contact' AND party_id = \(contact.partyID)
              AND contact_index = \(contact.contactIndex) AND ended_at IS NULL
            """) > 0
    }

    private func listed(_ rows: [PostgresRow]) throws -> [Listed] {
        try rows.map { Listed(id: try $0.decode(UUID.self, column: "id"), createdAt: try $0.decode(Date.self, column: "created_at"),
                              lastSeenAt: try $0.decode(Date.self, column: "last_seen_at"),
                              userAgent: try $0.decode(String?.self, column: "user_agent"),
                              remembered: try $0.decode(Bool.self, column: "remembered")) }
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
