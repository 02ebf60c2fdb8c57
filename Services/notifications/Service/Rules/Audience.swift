import Contracts
import Domain
import Foundation

/// Who a planned message is for, before the parties are looked up.
enum Audience: Sendable, Hashable {
    /// One party (an enterprise or a provider, by id).
    case party(UUID, PartyKind)
    /// Every officer registered for the region.
    case officers(Region)
    /// Every officer of the region of the request's province (from notifications' copy of the request).
    case officersOfRequest(UUID)
    /// The provider the request is assigned to (from the `match.assigned` notifications saw).
    case providerOfRequest(UUID)
}
