import Foundation

/// Who did something, as events record it: a role and the ids behind it, never a person's name or
/// address (personal data stays on `otop.contacts`). `system` is a service acting on its own (a
/// scheduler, an expiry, the first-acceptance-wins rule).
public struct Actor: Sendable, Codable, Hashable {
    /// The kind of actor.
    public enum Role: String, Sendable, Codable, Hashable, CaseIterable {
        case enterprise
        case provider
        case officer
        case `operator`
        case system
    }

    public var role: Role
    /// The API client that made the call (intake's `api_clients.id` or a JWT subject's client), when a person acted.
    public var clientId: UUID?
    /// The party the actor acts for (the enterprise or provider id), when it acts for one.
    public var partyId: UUID?

    public init(role: Role, clientId: UUID? = nil, partyId: UUID? = nil) {
        self.role = role
        self.clientId = clientId
        self.partyId = partyId
    }

    /// A service acting on its own.
    public static let system = Actor(role: .system)
}
