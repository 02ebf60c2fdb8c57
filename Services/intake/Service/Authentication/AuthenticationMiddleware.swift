import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Postgres

/// Resolves `Authorization: Bearer <token>` to an ``APIClient`` by the token's SHA-256 (tokens are
/// never stored) and refuses the request with 401 otherwise. The token never reaches a log.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = IntakeRequestContext

    /// Where a request learns that its client was revoked.
    public enum Revocation: Sendable {
        /// Here, with a statement per request (every route but the one below).
        case checkedHere
        /// In the route's own first statement, which must refuse a revoked client with 401; the
        /// middleware then takes the client from the ``ClientCache`` and saves a round trip.
        /// Only `POST /v1/requests` does this (``RequestStore`` checks `revoked_at` as it reads).
        case checkedByRoute
    }

    let clients: ClientStore
    let revocation: Revocation

    public init(clients: ClientStore, revocation: Revocation = .checkedHere) {
        self.clients = clients
        self.revocation = revocation
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        let digest = TokenDigest(token: String(parts[1]))
        let found: APIClient?
        switch revocation {
        case .checkedHere: found = try await clients.client(for: digest)
        case .checkedByRoute: found = try await clients.rememberedClient(for: digest)
        }
        guard let client = found else {
            throw Problem.unauthenticated("the token is unknown or revoked")
        }
        var context = context
        context.client = client
        context.logger[metadataKey: "client_id"] = "\(client.id)"
        context.logger[metadataKey: "role"] = "\(client.role.rawValue)"
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status == .unauthorized {
            // The route found the remembered client revoked: the next request must not use it.
            clients.cache.forget(digest)
            throw problem
        }
    }
}
