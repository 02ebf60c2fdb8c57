import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceRuntime

/// Intake's HTTP API (documented in `/openapi.json`). Writes answer 201 when intake owns the
/// result and 202 when other services act on it (the resource's state catches up from events).
public struct IntakeAPI: Sendable {
    let clients: ClientStore
    let parties: PartyStore
    let requests: RequestStore
    let certification: CertificationStore
    let now: @Sendable () -> Date

    public init(clients: ClientStore, parties: PartyStore, requests: RequestStore, certification: CertificationStore,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.clients = clients
        self.parties = parties
        self.requests = requests
        self.certification = certification
        self.now = now
    }

    /// The router: public documentation and health routes, then `/v1` behind bearer authentication.
    public func router(operations: OperationsRoutes) -> Router<IntakeRequestContext> {
        let router = Router(context: IntakeRequestContext.self)
        router.add(middleware: TraceMiddleware())
        router.add(middleware: ProblemMiddleware())
        operations.add(to: router)
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
        let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(clients: clients))
        v1.post("enterprises", use: registerEnterprise)
        v1.get("enterprises/:id", use: enterprise)
        v1.post("providers", use: registerProvider)
        // The busiest route checks revocation in its own first statement (RequestStore.submit), so its
        // middleware may take the client from the cache: one round trip less per submission.
        router.group("v1").add(middleware: AuthenticationMiddleware(clients: clients, revocation: .checkedByRoute))
            .post("requests", use: submitRequest)
        v1.get("requests", use: listRequests)
        v1.get("requests/:id", use: request)
        v1.post("api-clients", use: createClient)
        v1.delete("contacts/:partyId", use: eraseContacts)
        addCertificationRoutes(to: v1)
        addImportRoutes(to: v1)
        return router
    }

    // MARK: Enterprises and providers

    @Sendable func registerEnterprise(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register enterprises")
        let body = try await JSONBody.decode(RegisterEnterpriseBody.self, from: request, context: context)
            .validated(catalogue: certification.catalogue)
        let id = UUID()
        let event = try await parties.registerEnterprise(body, id: id, now: now(), correlation: id.uuidString.lowercased(),
                                                         client: client)
        context.logger.info("enterprise registered", metadata: ["enterprise_id": "\(id)", "province": "\(event.provinceCode)"])
        return try JSONResponse.make(.created, location: "/v1/enterprises/\(id.uuidString.lowercased())", event)
    }

    @Sendable func enterprise(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "id")
        if client.role == .provider || (client.role == .enterprise && client.enterpriseID != id) {
            throw Problem.notFound("enterprise \(id.uuidString.lowercased())")
        }
        guard let view = try await parties.enterprise(id: id) else { throw Problem.notFound("enterprise \(id.uuidString.lowercased())") }
        return try JSONResponse.make(.ok, view)
    }

    @Sendable func registerProvider(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register providers")
        let body = try await JSONBody.decode(RegisterProviderBody.self, from: request, context: context).validated(now: now())
        let profile = try await parties.registerProvider(body, now: now(), correlation: body.profile.aggregateID)
        context.logger.info("provider registered", metadata: ["provider_id": "\(profile.providerId)", "qualified": "\(profile.qualified)"])
        return try JSONResponse.make(.created, location: "/v1/providers/\(profile.aggregateID)", profile)
    }

    @Sendable func eraseContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "erase contact data")
        let id = try PathID.uuid(context, "partyId")
        guard try await parties.eraseContacts(partyID: id) else { throw Problem.notFound("contacts of party \(id.uuidString.lowercased())") }
        context.logger.info("contacts erased", metadata: ["party_id": "\(id)"])
        return Response(status: .accepted)
    }

    // MARK: Requests

    @Sendable func submitRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "submit upgrade requests")
        let body = try await JSONBody.decode(SubmitRequestBody.self, from: request, context: context)
        let valid = try body.validated(for: client)
        var idempotency: (key: String, body: [UInt8])?
        if let key = request.headers[.idempotencyKey] {
            guard (1...200).contains(key.count) else {
                throw Problem.malformedBody("Idempotency-Key must be 1 to 200 characters", field: "Idempotency-Key")
            }
            // The canonical form (sorted keys) so a retry that serialises the same body differently still matches.
            idempotency = (key, Array(try JSONBody.canonicalEncoder.encode(body)))
        }
        let outcome = try await requests.submit(valid, client: client, idempotency: idempotency, now: now())
        switch outcome {
        case .created(let event):
            context.logger.info("request submitted", metadata: ["request_id": "\(event.requestId)", "reference": "\(event.reference)"])
            return try JSONResponse.make(.accepted, location: "/v1/requests/\(event.aggregateID)",
                                         SubmittedAnswer(id: event.requestId, reference: event.reference, status: "submitted"))
        case .replayed(let id):
            guard let view = try await requests.request(id: id, visibleTo: client) else { throw Problem.notFound("request") }
            return try JSONResponse.make(.accepted, location: "/v1/requests/\(id.uuidString.lowercased())",
                                         SubmittedAnswer(id: id, reference: view.reference, status: view.status))
        }
    }

    @Sendable func request(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, .operator, to: "read requests")
        let id = try PathID.uuid(context, "id")
        guard let view = try await requests.request(id: id, visibleTo: client) else {
            throw Problem.notFound("request \(id.uuidString.lowercased())")
        }
        return try JSONResponse.make(.ok, view)
    }

    @Sendable func listRequests(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, .operator, to: "list requests")
        let query = request.uri.queryParameters
        var v = Validation()
        let limit = v.int(query["limit"].map { Int(String($0)) ?? -1 }, "limit", in: 1...200, required: false) ?? 50
        var before: Date?
        if let text = query["before"] {
            before = RFC3339.date(from: String(text))
            if before == nil { v.fail("before", "must be an RFC 3339 timestamp") }
        }
        try v.finish()
        let items = try await requests.list(visibleTo: client, status: query["status"].map(String.init), limit: limit, before: before)
        return try JSONResponse.make(.ok, ["items": items])
    }

    // MARK: API clients

    @Sendable func createClient(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.operator, to: "create API clients")
        let body = try await JSONBody.decode(CreateClientBody.self, from: request, context: context)
        var v = Validation()
        let name = v.text(body.name, "name", maxLength: 200)
        let role = v.oneOf(body.role, "role", as: Role.self)
        let enterprise = body.enterpriseId.flatMap(UUID.init(uuidString:))
        let provider = body.providerId.flatMap(UUID.init(uuidString:))
        if role == .enterprise && enterprise == nil { v.fail("enterpriseId", "is required (a UUID) for role enterprise") }
        if role == .provider && provider == nil { v.fail("providerId", "is required (a UUID) for role provider") }
        if role != .enterprise && body.enterpriseId != nil { v.fail("enterpriseId", "only for role enterprise") }
        if role != .provider && body.providerId != nil { v.fail("providerId", "only for role provider") }
        try v.finish()
        if let enterprise, try await parties.enterpriseProvince(id: enterprise) == nil {
            throw Problem.validation([.init(field: "enterpriseId", detail: "no enterprise \(enterprise.uuidString.lowercased()) is registered")])
        }
        let (created, token) = try await clients.create(name: name!, role: role!, enterpriseID: enterprise, providerID: provider)
        context.logger.info("API client created", metadata: ["new_client_id": "\(created.id)", "new_role": "\(created.role.rawValue)"])
        return try JSONResponse.make(.created, location: nil, CreatedClient(id: created.id, name: created.name,
                                                                            role: created.role.rawValue, token: token))
    }
}

struct CreateClientBody: Decodable {
    var name: String?
    var role: String?
    var enterpriseId: String?
    var providerId: String?
}

struct CreatedClient: Encodable {
    var id: UUID
    var name: String
    var role: String
    /// Shown once.
    var token: String
}

struct SubmittedAnswer: Encodable {
    var id: UUID
    var reference: String
    var status: String
}

/// UUID path parameters, with a 404 for anything that is not one.
enum PathID {
    static func uuid(_ context: IntakeRequestContext, _ name: String) throws(Problem) -> UUID {
        guard let text = context.parameters.get(name), let id = UUID(uuidString: text) else {
            throw Problem.notFound("\(context.parameters.get(name) ?? name)")
        }
        return id
    }
}

/// JSON answers with RFC 3339 dates and lower-case UUIDs.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, location: String? = nil, _ value: some Encodable) throws -> Response {
        let data = try EventCoding.sharedEncoder.encode(value)
        // Foundation writes UUIDs in upper case; the API (like the events' keys) uses lower case.
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: LowercaseUUIDs.apply(Array(data)))))
    }
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}
