import Contracts
import Domain
import Foundation
import Hummingbird
import Logging

/// API clients, for operators: create (the token is shown once), list and read (never a token),
/// rotate (a new token; the old one stops at once), revoke (refused from the next request on).
struct APIClientsController: Sendable {
    let clients: ClientStore
    let enterprises: EnterpriseStore
    let providers: ProviderStore

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("api-clients", use: createClient)
        group.get("api-clients", use: listClients)
        group.get("api-clients/:id", use: apiClient)
        group.post("api-clients/:id/revocation", use: revokeClient)
        group.post("api-clients/:id/rotation", use: rotateClient)
    }

    @Sendable func createClient(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.operator, to: "create API clients")
        let body = try await JSONBody.decode(CreateClientBody.self, from: request, context: context)
        var v = Validation()
        let name = v.text(body.name, "name", maxLength: 200)
        let role = v.oneOf(body.role, "role", as: Role.self)
        let enterprise = v.uuid(body.enterpriseId, "enterpriseId", required: false)
        let provider = v.uuid(body.providerId, "providerId", required: false)
        let region = v.optionalOneOf(body.region, "region", as: Region.self)
        if role == .enterprise && body.enterpriseId == nil { v.fail("enterpriseId", Messages.requiredForRole(Role.enterprise.rawValue)) }
        if role == .provider && body.providerId == nil { v.fail("providerId", Messages.requiredForRole(Role.provider.rawValue)) }
        if let role, role != .enterprise, body.enterpriseId != nil { v.fail("enterpriseId", Messages.onlyForRole(Role.enterprise.rawValue)) }
        if let role, role != .provider, body.providerId != nil { v.fail("providerId", Messages.onlyForRole(Role.provider.rawValue)) }
        if let role, role != .officer, body.region != nil { v.fail("region", Messages.onlyForRole(Role.officer.rawValue)) }
        try v.finish()
        if let enterprise, try await enterprises.province(of: enterprise) == nil {
            throw Problem.unknownReference("enterpriseId", Messages.unknownEnterprise)
        }
        if let provider, try await providers.provider(id: provider) == nil {
            throw Problem.unknownReference("providerId", Messages.unknownProvider)
        }
        let (created, token) = try await clients.create(name: name!, role: role!, enterpriseID: enterprise, providerID: provider,
                                                        region: region)
        context.logger.info("API client created", metadata: ["new_client_id": "\(created.id)", "new_role": "\(created.role.rawValue)"])
        return try JSONResponse.make(.created, location: "/v1/api-clients/\(created.id.lowercased)", IssuedClient(created, token: token))
    }

    @Sendable func listClients(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try context.requireClient().require(.operator, to: "list API clients")
        let query = try ListQuery(request, filters: [.role])
        let rows = try await clients.list(query)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.client.id) },
                                                     item: ClientView.init))
    }

    @Sendable func apiClient(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try context.requireClient().require(.operator, to: "read API clients")
        let id = try PathID.uuid(context, "id")
        guard let record = try await clients.record(id: id) else { throw Problem.notFound(.apiClient, id.lowercased) }
        return try JSONResponse.make(.ok, ClientView(record))
    }

    /// Revokes a client (idempotent: revoking a revoked client answers it as it is). The record stays
    /// readable, with `revokedAt`.
    @Sendable func revokeClient(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try context.requireClient().require(.operator, to: "revoke API clients")
        let id = try PathID.uuid(context, "id")
        if try await clients.revoke(id: id) {
            clients.cache.forget(clientID: id)
            context.logger.info("API client revoked", metadata: ["revoked_client_id": "\(id)"])
        }
        guard let record = try await clients.record(id: id) else { throw Problem.notFound(.apiClient, id.lowercased) }
        return try JSONResponse.make(.ok, ClientView(record))
    }

    @Sendable func rotateClient(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try context.requireClient().require(.operator, to: "rotate API keys")
        let id = try PathID.uuid(context, "id")
        guard let (replacement, token) = try await clients.rotate(id: id) else {
            throw Problem.notFound(.activeAPIKeyClient, id.lowercased)
        }
        clients.cache.forget(clientID: id)
        context.logger.info("API key rotated", metadata: ["old_client_id": "\(id)", "new_client_id": "\(replacement.id)"])
        return try JSONResponse.make(.created, location: "/v1/api-clients/\(replacement.id.lowercased)",
                                     IssuedClient(replacement, token: token))
    }
}

struct CreateClientBody: Decodable {
    var name: String?
    var role: String?
    var enterpriseId: String?
    var providerId: String?
    var region: String?
}
