import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Postgres

/// Resolves `Authorization: Bearer <token>` to an ``APIClient``: an intake API key by its SHA-256
/// (tokens are never stored), or a JWT verified by the ``JWTVerifier`` (when configured) whose
/// subject becomes a client row (so it can be listed and revoked). Anything else is a 401. The
/// token never reaches a log. A read-only role (``Role/changesNothing``) gets a 403 naming it for
/// any method but `GET` and `HEAD`, before the route runs.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = IntakeRequestContext

    /// Where a request learns that its client was revoked.
    public enum Revocation: Sendable {
        /// Here, with a statement per request (every route but the one below).
        case checkedHere
        /// In the route's own first statement, which must refuse a revoked client with 401; the
        /// middleware then takes an API-key client from the ``ClientCache`` and saves a round trip.
        /// Only `POST /v1/requests` does this (``RequestStore`` checks `revoked_at` as it reads).
        case checkedByRoute
    }

    /// Whom the routes behind the middleware serve.
    public enum Callers: Sendable {
        /// People and their organisations' systems: every role but the portal's service client.
        case people
        /// The portal's service client only (role `portal`: the sign-in and self-registration routes).
        case portal
    }

    let clients: ClientStore
    let jwt: JWTVerifier?
    let revocation: Revocation
    let callers: Callers

    public init(clients: ClientStore, jwt: JWTVerifier?, revocation: Revocation = .checkedHere, callers: Callers = .people) {
        self.clients = clients
        self.jwt = jwt
        self.revocation = revocation
        self.callers = callers
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthenticated(Messages.sendBearer)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty, parts[1].count <= 8192 else {
            throw Problem.unauthenticated(Messages.bearerShape)
        }
        let token = String(parts[1])
        var digest: TokenDigest?
        let found: APIClient?
        if JWTVerifier.looksLikeJWT(token) {
            guard let jwt else { throw Problem.unauthenticated(Messages.jwtNotConfigured) }
            let identity: JWTVerifier.Identity
            do {
                identity = try await jwt.verify(token)
            } catch {
                throw Problem.unauthenticated(Messages.jwtRefused(error.reason))
            }
            found = try await clients.client(issuer: identity.issuer, subject: identity.subject, claims: identity.claims)
        } else {
            let tokenDigest = TokenDigest(token: token)
            digest = tokenDigest
            switch revocation {
            case .checkedHere: found = try await clients.client(for: tokenDigest)
            case .checkedByRoute: found = try await clients.rememberedClient(for: tokenDigest)
            }
        }
        guard let client = found else {
            throw Problem.unauthenticated(Messages.unknownToken)
        }
        if client.role.changesNothing, request.method != .get, request.method != .head {
            throw Problem.forbidden(Messages.readOnlyRole(client.role.rawValue, method: request.method.rawValue, path: request.uri.path))
        }
        switch (callers, client.role == .portal) {
        case (.people, true): throw Problem.forbidden(Messages.portalServiceOnly)
        case (.portal, false): throw Problem.forbidden(Messages.forbidden(role: client.role.rawValue, action: "call the sign-in and self-registration routes",
                                                                          allowed: [Role.portal.rawValue]))
        case (.people, false), (.portal, true): break
        }
        var context = context
        context.client = client
        context.logger[metadataKey: "client_id"] = "\(client.id)"
        context.logger[metadataKey: "role"] = "\(client.role.rawValue)"
        do {
            return try await next(request, context)
        } catch let problem as Problem where problem.status == .unauthorized {
            // The route found the remembered client revoked: the next request must not use it.
            if let digest { clients.cache.forget(digest) }
            throw problem
        }
    }
}
