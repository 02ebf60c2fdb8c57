import Domain
import Foundation

/// A signed-in browser: who it is (its principal), its CSRF token and its expiry. The cookie holds a
/// random token whose SHA-256 finds the row; a restart signs no one out and replicas share sessions.
public struct Session: Sendable, Equatable {
    /// Who signed in. Issue 15 adds `.contact` (an enterprise's or provider's contact person, signed
    /// in with a one-time code); pages, the JWT and sign-out treat both kinds alike.
    public enum Principal: Sendable, Equatable {
        case account(Account)
    }

    public var id: UUID
    public var principal: Principal
    /// The form token every state-changing form carries (`_csrf`), compared in constant time.
    public var csrfToken: String
    public var language: Language
    public var createdAt: Date
    public var idleExpiresAt: Date
    public var absoluteExpiresAt: Date

    /// The signed-in account.
    public var account: Account {
        switch principal {
        case .account(let account): account
        }
    }
}

/// The two languages of every page.
public enum Language: String, Sendable, CaseIterable, Codable {
    case th
    case en
}
