import Domain
import Foundation
import Logging
import Postgres

/// The audit of sign-ins in `portal.audit`: every sign-in, failed or slowed sign-in, sign-out and
/// expiry, and operators' changes to accounts. Rows carry ids, the client address and a reason code;
/// never a password, and never the user name typed at a failed sign-in unless it names an account
/// (then the account's id). Each record is also logged with ids only.
public struct SignInAudit: Sendable {
    /// What happened.
    public enum Event: String, Sendable, CaseIterable {
        case signIn = "sign-in"
        case signInFailed = "sign-in-failed"
        case signInSlowed = "sign-in-slowed"
        case signOut = "sign-out"
        case sessionExpired = "session-expired"
        case passwordChanged = "password-changed"
        case accountCreated = "account-created"
        case accountDisabled = "account-disabled"
        case accountEnabled = "account-enabled"
        case passwordReset = "password-reset"
        /// A contact person asked for a sign-in code (the code's id; never the phone or e-mail typed).
        case codeRequested = "code-requested"
        /// Intake refused a code (wrong, used, expired, locked) or the request (too many).
        case codeRefused = "code-refused"
        /// A contact person ended one of their sessions from their list.
        case sessionEnded = "session-ended"
    }

    let pool: PostgresPool
    let logger: Logger

    public init(pool: PostgresPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    public func record(_ event: Event, account: UUID?, actor: UUID? = nil, session: UUID? = nil,
                       address: String?, reason: String? = nil) async throws {
        try await insert(event, account: account, subject: nil, code: nil, actor: actor, session: session, address: address, reason: reason)
    }

    /// Records a contact person's event: their subject (`contact:<party id>:<index>`, when known) and
    /// the sign-in code's id, never what they typed.
    public func record(_ event: Event, subject: String?, code: UUID? = nil, session: UUID? = nil,
                       address: String?, reason: String? = nil) async throws {
        try await insert(event, account: nil, subject: subject, code: code, actor: nil, session: session, address: address, reason: reason)
    }

    /// Records the event of `principal` (sign-out, expiry): its account or its subject.
    public func record(_ event: Event, principal: Session.Principal, session: UUID?, address: String?) async throws {
        switch principal {
        case .account(let account): try await record(event, account: account.id, session: session, address: address)
        case .contact(let contact): try await record(event, subject: contact.subject, session: session, address: address)
        }
    }

    private func insert(_ event: Event, account: UUID?, subject: String?, code: UUID?, actor: UUID?, session: UUID?,
                        address: String?, reason: String?) async throws {
        try await pool.execute("""
            INSERT INTO portal.audit (event, account_id, subject, code_id, actor_account_id, session_id, address, reason)
            VALUES (\(event.rawValue), \(account), \(subject), \(code), \(actor), \(session), \(address), \(reason))
            """)
        logger.notice("audit", metadata: ["event": "\(event.rawValue)", "account": "\(account?.lowercased ?? "-")",
                                          "subject": "\(subject ?? "-")", "code": "\(code?.lowercased ?? "-")",
                                          "session": "\(session?.lowercased ?? "-")", "reason": "\(reason ?? "-")"])
    }

    /// The latest records, newest first (the operators' page).
    public func latest(limit: Int = 50) async throws -> [(at: Date, event: String, account: UUID?, address: String?, reason: String?)] {
        try await pool.query("""
            SELECT at, event, account_id, address, reason FROM portal.audit ORDER BY id DESC LIMIT \(limit)
            """).map { (try $0.decode(Date.self, column: "at"), try $0.decode(String.self, column: "event"),
                        try $0.decode(UUID?.self, column: "account_id"), try $0.decode(String?.self, column: "address"),
                        try $0.decode(String?.self, column: "reason")) }
    }
}
