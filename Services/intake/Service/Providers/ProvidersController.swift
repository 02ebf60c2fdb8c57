import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// Providers: register (officer, operator), read and list (the provider itself, officers of a region
/// it serves, operators), change (the provider itself; pre-qualification, `qualified`, only officers).
/// An enterprise reads the provider that accepted its request (to confirm it) and the provider
/// assigned to it while the hand-off lasts (``HandOff``).
struct ProvidersController: Sendable {
    let providers: ProviderStore
    let handOff: HandOff
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("providers", use: registerProvider)
        group.get("providers", use: listProviders)
        group.get("providers/:id", use: provider)
        group.patch("providers/:id", use: updateProvider)
    }

    @Sendable func registerProvider(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register providers")
        let body = try await JSONBody.decode(RegisterProviderBody.self, from: request, context: context).validated(now: try await clock.now())
        guard client.covers(provinceCodes: body.profile.provinceCodes, regions: body.profile.regions) else {
            throw Problem.forbidden(Messages.outsideRegion, field: "provinceCodes")
        }
        let record = try await providers.register(body, now: try await clock.now())
        context.logger.info("provider registered", metadata: ["provider_id": "\(record.profile.providerId)",
                                                              "qualified": "\(record.profile.qualified)"])
        return try JSONResponse.make(.created, location: "/v1/providers/\(record.profile.aggregateID)", etag: record.version,
                                     ProviderView(record))
    }

    @Sendable func provider(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .provider, .officer, .operator, to: "read providers")
        let id = try PathID.uuid(context, "id")
        if client.role == .enterprise { return try await enterprisesProvider(id, to: client) }
        guard client.role != .provider || client.providerID == id, let record = try await providers.provider(id: id),
              client.covers(provinceCodes: record.profile.provinceCodes, regions: record.profile.regions) else {
            throw Problem.notFound(.provider, id.lowercased)
        }
        return try JSONResponse.make(.ok, etag: record.version, ProviderView(record, outcomes: try await providers.record(of: id)))
    }

    /// The provider as the enterprise reads it while choosing it (it accepted the enterprise's
    /// request) or while the hand-off lasts; recorded in the access log. Any other provider is a 404.
    private func enterprisesProvider(_ id: UUID, to client: APIClient) async throws -> Response {
        guard let enterprise = client.enterpriseID else { throw Problem.notFound(.provider, id.lowercased) }
        var link = try await handOff.assignment(provider: id, enterprise: enterprise)
        if link == nil { link = try await handOff.acceptedProposal(provider: id, enterprise: enterprise) }
        guard let link, let record = try await providers.provider(id: id) else { throw Problem.notFound(.provider, id.lowercased) }
        try await handOff.record(AccessRecord(reader: client, party: id, kind: .provider, fields: [.name, .profile],
                                              route: "GET /v1/providers/{id}", link: link))
        return try JSONResponse.make(.ok, etag: record.version, ProviderView(record))
    }

    @Sendable func listProviders(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, .officer, .operator, to: "list providers")
        var search: SearchQuery?
        let query = try ListQuery(request, filters: [.province, .region, .productType, .qualified]) { v, text in
            search = SearchQuery.read(&v, text("q"))
            return search.map { [("q", $0.text)] } ?? []
        }
        let rows = try await providers.list(query, only: client.role == .provider ? client.providerID : nil, scope: client.scopedRegion,
                                            search: search?.visible(to: client))
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.profile.providerId) },
                                                     item: { ProviderView($0) }))
    }

    @Sendable func updateProvider(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.provider, .officer, to: "change providers")
        let id = try PathID.uuid(context, "id")
        let expected = try EntityVersion.required(by: request)
        let patch = try await JSONBody.object(from: request, context: context, as: .mergePatch)
        if client.role != .officer, patch["qualified"] != nil {
            throw Problem.forbidden(Messages.onlyField("qualified", roles: Role.officer.rawValue))
        }
        guard let record = try await providers.update(id: id, now: try await clock.now(), { current in
            let profile = current.profile
            guard client.role != .provider || client.providerID == id,
                  client.covers(provinceCodes: profile.provinceCodes, regions: profile.regions) else {
                throw Problem.notFound(.provider, id.lowercased)
            }
            try expected.check(current.version)
            let body = try MergePatch.patched(ProviderProfileBody(profile), with: patch, allowed: ProviderProfileBody.keys)
            var v = Validation()
            let changed = body.validated(&v, id: id, registeredAt: profile.registeredAt)
            try v.finish(patch: patch)
            guard client.covers(provinceCodes: changed!.provinceCodes, regions: changed!.regions) else {
                throw Problem.forbidden(Messages.outsideRegion, field: "provinceCodes")
            }
            return changed!
        }) else { throw Problem.notFound(.provider, id.lowercased) }
        context.logger.info("provider changed", metadata: ["provider_id": "\(id)", "version": "\(record.version.number)",
                                                          "qualified": "\(record.profile.qualified)"])
        return try JSONResponse.make(.ok, etag: record.version, ProviderView(record))
    }
}
