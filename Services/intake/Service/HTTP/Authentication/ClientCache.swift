import Foundation
import Synchronization

/// API clients recently authenticated, by the digest of their token, for routes that check in their
/// own first statement that the client was not revoked (``AuthenticationMiddleware/Revocation``).
/// A client's role and ids never change, so an entry can only be stale about revocation, and those
/// routes check exactly that. Entries expire after `lifetime`; at `capacity` the cache starts over.
final class ClientCache: Sendable {
    private struct Entry {
        var client: APIClient
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[TokenDigest: Entry]>([:])
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration = .seconds(300), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The client remembered for `digest`, unless its entry expired.
    func client(for digest: TokenDigest) -> APIClient? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard entry.expires > now else {
                entries[digest] = nil
                return nil
            }
            return entry.client
        }
    }

    /// Remembers `client` for `digest` (just verified against the database).
    func remember(_ client: APIClient, for digest: TokenDigest) {
        let expires = ContinuousClock.now + lifetime
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[digest] = Entry(client: client, expires: expires)
        }
    }

    /// Forgets every entry of the client `id` (an operator revoked or rotated it here; other
    /// replicas learn it from the route's own check).
    func forget(clientID id: UUID) {
        entries.withLock { entries in
            for (digest, entry) in entries where entry.client.id == id { entries[digest] = nil }
        }
    }

    /// Forgets the client of `digest` (its token turned out revoked).
    func forget(_ digest: TokenDigest) {
        _ = entries.withLock { $0.removeValue(forKey: digest) }
    }
}
