import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// Upgrade requests: submitted by an enterprise (for itself) or an officer (for an enterprise of its
/// region), read and listed by the enterprise, officers of its region and operators; read by the
/// provider assigned to it while the hand-off lasts (``HandOff``).
struct RequestsController: Sendable {
    let requests: RequestStore
    let clients: ClientStore
    let handOff: HandOff
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("requests", use: listRequests)
        group.get("requests/:id", use: request)
    }

    /// `POST /v1/requests`, on a group whose authentication may take API-key clients from the cache
    /// (``RequestStore/submit(_:client:now:)`` checks revocation in its first statement).
    func addSubmission(to group: RouterGroup<IntakeRequestContext>) {
        group.post("requests", use: submitRequest)
    }

    @Sendable func submitRequest(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, to: "submit upgrade requests")
        let valid: SubmitRequestBody.Valid
        do {
            valid = try await JSONBody.decode(SubmitRequestBody.self, from: request, context: context).validated(for: client)
        } catch {
            // The client may come from the authentication cache and `submit` checks revocation: a
            // revoked client learns nothing about its body either.
            guard try await clients.isActive(id: client.id) else { throw Problem.unauthenticated(Messages.unknownToken) }
            throw error
        }
        let event = try await requests.submit(valid, client: client, now: try await clock.now())
        context.logger.info("request submitted", metadata: ["request_id": "\(event.requestId)", "reference": "\(event.reference)"])
        return try JSONResponse.make(.accepted, location: "/v1/requests/\(event.aggregateID)",
                                     SubmittedAnswer(id: event.requestId, reference: event.reference,
                                                     status: RequestStatus.submitted.rawValue))
    }

    @Sendable func request(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .provider, .officer, .operator, to: "read requests")
        let id = try PathID.uuid(context, "id")
        if client.role == .provider { return try await assignedRequest(id, to: client) }
        guard let view = try await requests.request(id: id, visibleTo: client) else {
            throw Problem.notFound(.request, id.lowercased)
        }
        return try JSONResponse.make(.ok, view)
    }

    /// The request as the provider assigned to it reads it while the hand-off lasts: its timeline
    /// from the assignment on (what came before, other providers' proposals and answers, is not its
    /// business); recorded in the access log. Any other request is a 404.
    private func assignedRequest(_ id: UUID, to client: APIClient) async throws -> Response {
        guard let provider = client.providerID, let link = try await handOff.assignment(of: id, provider: provider),
              let view = try await requests.request(id: id, visibleTo: client, timelineSince: link.assignedAt) else {
            throw Problem.notFound(.request, id.lowercased)
        }
        try await handOff.record(AccessRecord(reader: client, party: view.enterpriseId, kind: .enterprise, fields: [.request],
                                              route: "GET /v1/requests/{id}", link: link))
        return try JSONResponse.make(.ok, view)
    }

    @Sendable func listRequests(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .officer, .operator, to: "list requests")
        var filters = RequestFilters()
        let query = try ListQuery(request, filters: [.province, .region, .productType, .fiscalYear]) { v, text in
            let (read, passed) = RequestFilters.read(&v, text)
            filters = read
            return passed
        }
        let rows = try await requests.list(visibleTo: client, query, filters)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.id) }, item: { $0 }))
    }
}
