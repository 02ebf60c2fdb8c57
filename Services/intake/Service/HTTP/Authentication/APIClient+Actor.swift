import Contracts

extension APIClient {
    /// The client as events record who acted: role, client id and the party it acts for (never a
    /// name or other personal data).
    var actor: Actor {
        let actorRole: Actor.Role = switch role {
        case .enterprise: .enterprise
        case .provider: .provider
        case .officer: .officer
        case .operator: .operator
        case .portal: .system
        }
        return Actor(role: actorRole, clientId: id, partyId: enterpriseID ?? providerID)
    }
}
