import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// Enterprises and their products: register (officer, operator), read and list (the enterprise
/// itself, officers of its region, operators), change (the enterprise itself, officers of its region).
/// The provider assigned to one of its requests reads the enterprise while the hand-off lasts
/// (``HandOff``).
struct EnterprisesController: Sendable {
    let enterprises: EnterpriseStore
    /// The standards catalogue (held certificates at registration).
    let catalogue: StandardCatalogue
    let handOff: HandOff
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("enterprises", use: registerEnterprise)
        group.get("enterprises", use: listEnterprises)
        group.get("enterprises/:id", use: enterprise)
        group.patch("enterprises/:id", use: updateEnterprise)
        group.get("enterprises/:id/products", use: listProducts)
        group.post("enterprises/:id/products", use: addProduct)
        group.get("enterprises/:id/products/:productId", use: product)
        group.patch("enterprises/:id/products/:productId", use: updateProduct)
    }

    @Sendable func registerEnterprise(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register enterprises")
        let body = try await JSONBody.decode(RegisterEnterpriseBody.self, from: request, context: context)
            .validated(catalogue: catalogue)
        guard client.covers(provinceCode: body.details.province.isoCode) else {
            throw Problem.forbidden(Messages.outsideRegion, field: "provinceCode")
        }
        let record = try await enterprises.register(body, id: UUID(), now: try await clock.now(), client: client)
        context.logger.info("enterprise registered", metadata: ["enterprise_id": "\(record.id)", "province": "\(record.provinceCode)"])
        return try JSONResponse.make(.created, location: "/v1/enterprises/\(record.id.lowercased)", etag: record.version,
                                     EnterpriseView(record, for: client))
    }

    /// The enterprise `id` if `client` may see it; 403 for roles that never may, 404 otherwise.
    func visibleEnterprise(_ id: UUID, to client: APIClient) async throws -> EnterpriseRecord {
        try client.require(.enterprise, .officer, .operator, to: "read enterprises")
        guard client.role != .enterprise || client.enterpriseID == id,
              let record = try await enterprises.enterprise(id: id), client.covers(provinceCode: record.provinceCode) else {
            throw Problem.notFound(.enterprise, id.lowercased)
        }
        return record
    }

    @Sendable func enterprise(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "id")
        if client.role == .provider { return try await assignedEnterprise(id, to: client) }
        let record = try await visibleEnterprise(id, to: client)
        return try JSONResponse.make(.ok, etag: record.version, EnterpriseView(record, for: client))
    }

    /// The enterprise as the provider assigned to one of its requests reads it while the hand-off
    /// lasts: name, address and products (the registration number stays masked); recorded in the
    /// access log. Any other enterprise is a 404.
    private func assignedEnterprise(_ id: UUID, to client: APIClient) async throws -> Response {
        guard let provider = client.providerID, let link = try await handOff.assignment(provider: provider, enterprise: id),
              let record = try await enterprises.enterprise(id: id) else {
            throw Problem.notFound(.enterprise, id.lowercased)
        }
        try await handOff.record(AccessRecord(reader: client, party: id, kind: .enterprise, fields: [.name, .address, .products],
                                              route: "GET /v1/enterprises/{id}", link: link))
        return try JSONResponse.make(.ok, etag: record.version, EnterpriseView(record, for: client))
    }

    @Sendable func listEnterprises(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, .operator, to: "list enterprises")
        var search: SearchQuery?
        var verified: Bool?
        let query = try ListQuery(request, filters: [.province, .region, .productType]) { v, text in
            search = SearchQuery.read(&v, text("q"))
            verified = v.booleanParameter(text("verified"), "verified")
            return (search.map { [("q", $0.text)] } ?? []) + (verified.map { [("verified", String($0))] } ?? [])
        }
        let rows = try await enterprises.list(query, only: client.role == .enterprise ? client.enterpriseID : nil,
                                              provinces: client.scopedProvinceCodes, search: search?.visible(to: client), verified: verified)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.id) },
                                                     item: { EnterpriseView($0, for: client) }))
    }

    /// The enterprise `id` if `client` may change it (the enterprise itself, officers of its region).
    private func authorizeChange(of record: EnterpriseRecord, by client: APIClient) throws {
        guard client.role != .enterprise || client.enterpriseID == record.id, client.covers(provinceCode: record.provinceCode) else {
            throw Problem.notFound(.enterprise, record.id.lowercased)
        }
    }

    @Sendable func updateEnterprise(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "change enterprises")
        let id = try PathID.uuid(context, "id")
        let expected = try EntityVersion.required(by: request)
        let patch = try await JSONBody.object(from: request, context: context, as: .mergePatch)
        guard let record = try await enterprises.update(id: id, now: try await clock.now(), { current in
            try authorizeChange(of: current, by: client)
            try expected.check(current.version)
            let details = try MergePatch.patched(current.details, with: patch, allowed: EnterpriseDetailsBody.keys)
            var v = Validation()
            let valid = details.validated(&v)
            try v.finish(patch: patch)
            guard client.covers(provinceCode: valid!.province.isoCode) else {
                throw Problem.forbidden(Messages.outsideRegion, field: "provinceCode")
            }
            return valid!
        }) else { throw Problem.notFound(.enterprise, id.lowercased) }
        context.logger.info("enterprise changed", metadata: ["enterprise_id": "\(id)", "version": "\(record.version.number)"])
        return try JSONResponse.make(.ok, etag: record.version, EnterpriseView(record, for: client))
    }

    @Sendable func listProducts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let record = try await visibleEnterprise(try PathID.uuid(context, "id"), to: client)
        return try JSONResponse.make(.ok, etag: record.version, Page(items: record.products.map(ProductView.init), next: nil))
    }

    @Sendable func product(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let record = try await visibleEnterprise(try PathID.uuid(context, "id"), to: client)
        let productID = try PathID.uuid(context, "productId")
        guard let product = record.products.first(where: { $0.summary.productId == productID }) else {
            throw Problem.notFound(.product, productID.lowercased)
        }
        return try JSONResponse.make(.ok, etag: product.version, ProductView(product))
    }

    @Sendable func addProduct(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "add products")
        let id = try PathID.uuid(context, "id")
        let body = try await JSONBody.decode(ProductBody.self, from: request, context: context)
        guard let (_, product) = try await enterprises.addProduct(enterprise: id, now: try await clock.now(), { current in
            try authorizeChange(of: current, by: client)
            var v = Validation()
            let product = body.validated(&v, field: "", id: UUID())
            try v.finish()
            // The enterprise's product count is state, not the body's fault.
            if current.products.count >= ProductBody.maxCount { throw Problem.conflict(Messages.atMost(ProductBody.maxCount)) }
            return product!
        }) else { throw Problem.notFound(.enterprise, id.lowercased) }
        return try JSONResponse.make(.created, location: "/v1/enterprises/\(id.lowercased)/products/\(product.summary.productId.lowercased)",
                                     etag: product.version, ProductView(product))
    }

    @Sendable func updateProduct(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "change products")
        let id = try PathID.uuid(context, "id")
        let productID = try PathID.uuid(context, "productId")
        let expected = try EntityVersion.required(by: request)
        let patch = try await JSONBody.object(from: request, context: context, as: .mergePatch)
        guard let (_, product) = try await enterprises.updateProduct(enterprise: id, product: productID, now: try await clock.now(), { enterprise, current in
            try authorizeChange(of: enterprise, by: client)
            try expected.check(current.version)
            let body = try MergePatch.patched(ProductBody(current.summary), with: patch, allowed: ProductBody.keys)
            var v = Validation()
            let product = body.validated(&v, field: "", id: productID)
            try v.finish(patch: patch)
            return product!
        }) else { throw Problem.notFound(.product, productID.lowercased) }
        return try JSONResponse.make(.ok, etag: product.version, ProductView(product))
    }
}
