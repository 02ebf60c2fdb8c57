import Domain
import Foundation

/// A signed-in browser: who it is (its principal), its CSRF token and its expiry. The cookie holds a
/// random token whose SHA-256 finds the row; a restart signs no one out and replicas share sessions.
public struct Session: Sendable, Equatable {
    /// Who signed in: an officer's or operator's account (password), or an enterprise's or provider's
    /// contact person (a one-time code, issue 15); the JWT, sign-out and the sessions list treat both alike.
    public enum Principal: Sendable, Equatable {
        case account(Account)
        case contact(ContactPrincipal)
    }

    public var id: UUID
    public var principal: Principal
    /// The form token every state-changing form carries (`_csrf`), compared in constant time.
    public var csrfToken: String
    public var language: Language
    public var createdAt: Date
    public var idleExpiresAt: Date
    public var absoluteExpiresAt: Date

    /// The signed-in account (`nil` for a contact person).
    public var account: Account? {
        if case .account(let account) = principal { account } else { nil }
    }

    /// The signed-in contact person (`nil` for an account).
    public var contact: ContactPrincipal? {
        if case .contact(let contact) = principal { contact } else { nil }
    }

    /// The name the layout shows.
    public var displayName: String {
        switch principal {
        case .account(let account): account.displayName
        case .contact(let contact): contact.name
        }
    }
}

/// The two languages of every page.
public enum Language: String, Sendable, CaseIterable, Codable {
    case th
    case en
}
