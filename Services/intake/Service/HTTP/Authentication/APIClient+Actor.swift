import Contracts

extension APIClient {
    /// The client as events record who acted: role, client id and the party it acts for (never a
    /// name or other personal data). The ministry has none: it never reaches a write
    /// (``Role/changesNothing``), so asking for its actor is a programming error.
    var actor: Actor {
        let actorRole: Actor.Role = switch role {
        case .enterprise: .enterprise
        case .provider: .provider
        case .officer: .officer
        case .operator: .operator
        case .portal: .system
        case .ministry: preconditionFailure("the ministry's writes are refused before any route records an actor")
        }
        return Actor(role: actorRole, clientId: id, partyId: enterpriseID ?? providerID)
    }
}
