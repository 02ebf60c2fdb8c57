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
    let clients: ClientStore

    public init(clients: ClientStore) {
        self.clients = clients
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated("send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw Problem.unauthenticated("the Authorization header must be 'Bearer <token>'")
        }
        guard let client = try await clients.client(forToken: String(parts[1])) else {
            throw Problem.unauthenticated("the token is unknown or revoked")
        }
        var context = context
        context.client = client
        context.logger[metadataKey: "client_id"] = "\(client.id)"
        context.logger[metadataKey: "role"] = "\(client.role.rawValue)"
        return try await next(request, context)
    }
}
