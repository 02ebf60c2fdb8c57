import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import Postgres
import ServiceRuntime

/// Intake's HTTP API (documented in `/openapi.json`). Writes answer 201 when intake owns the
/// result and 202 when other services act on it (the resource's state catches up from events).
///
/// Every route gets the same treatment from the router's middleware (docs/api.md): problems in
/// Thai or English, 405 with `Allow` and `HEAD` from the route table, 413/422 for oversized bodies
/// and control characters, authentication (API keys and JWTs), `Idempotency-Key` on every `POST`.
public struct IntakeAPI: Sendable {
    let clients: ClientStore
    let enterprises: EnterpriseStore
    let providers: ProviderStore
    let contacts: ContactStore
    let requests: RequestStore
    let idempotency: IdempotencyStore
    let certification: CertificationStore
    /// The pool the stores share (the bulk imports run their own statements on it).
    let pool: PostgresPool
    let jwt: JWTVerifier?
    /// The router's routes, once built (for `Allow` and the OpenAPI completeness test).
    let routeTable = RouteTable()
    let now: @Sendable () -> Date

    /// How long a retry waits for the first request with its `Idempotency-Key` to finish.
    let idempotencyWait: Duration

    public init(pool: PostgresPool, notifier: OutboxNotifier, clients: ClientStore, jwt: JWTVerifier?,
                certification: CertificationStore, idempotencyWait: Duration = IdempotencyMiddleware.defaultWait,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.idempotencyWait = idempotencyWait
        self.certification = certification
        self.pool = pool
        self.clients = clients
        self.enterprises = EnterpriseStore(pool: pool)
        self.providers = ProviderStore(pool: pool)
        self.contacts = ContactStore(pool: pool)
        self.requests = RequestStore(pool: pool, notifier: notifier)
        self.idempotency = IdempotencyStore(pool: pool)
        self.jwt = jwt
        self.now = now
    }

    /// The router: public documentation and health routes, then `/v1` behind authentication.
    public func router(operations: OperationsRoutes) -> Router<IntakeRequestContext> {
        let router = Router(context: IntakeRequestContext.self, options: [.autoGenerateHeadEndpoints])
        router.add(middleware: TraceMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: RequestGuardMiddleware(routes: routeTable))
        operations.add(to: router)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        let idempotent = IdempotencyMiddleware(store: idempotency, inProgressWait: idempotencyWait)
        let v1 = router.group("v1")
            .add(middleware: AuthenticationMiddleware(clients: clients, jwt: jwt))
            .add(middleware: idempotent)
        addEnterpriseRoutes(to: v1)
        addProviderRoutes(to: v1)
        addContactRoutes(to: v1)
        addRequestRoutes(to: v1)
        addClientRoutes(to: v1)
        addJourneyRoutes(to: v1)
        addCertificationRoutes(to: v1)
        addKPIRoutes(to: v1)
        addNotificationRoutes(to: v1)
        addImportRoutes(to: v1)
        // The busiest route checks revocation in its own first statement (RequestStore.submit), so its
        // middleware may take an API-key client from the cache: one round trip less per submission.
        router.group("v1")
            .add(middleware: AuthenticationMiddleware(clients: clients, jwt: jwt, revocation: .checkedByRoute))
            .add(middleware: idempotent)
            .post("requests", use: submitRequest)
        routeTable.load(from: router)
        return router
    }
}

/// UUID path parameters, with a 404 for anything that is not one.
enum PathID {
    static func uuid(_ context: IntakeRequestContext, _ name: String) throws(Problem) -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem.notFound(.resource, TextRules.printable(context.parameters.get(name) ?? name))
        }
        return id
    }
}

/// JSON answers with RFC 3339 dates and lower-case UUIDs.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, location: String? = nil, etag: EntityVersion? = nil,
                     _ value: some Encodable) throws -> Response {
        let data = try EventCoding.sharedEncoder.encode(value)
        // Foundation writes UUIDs in upper case; the API (like the events' keys) uses lower case.
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        if let etag { headers[.eTag] = etag.etag }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: LowercaseUUIDs.apply(Array(data)))))
    }
}

extension UUID {
    /// The id as the API writes it.
    var lowercased: String { uuidString.lowercased() }
}
