import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// Officers' contacts (officers receive alerts and the weekly digest of their region). Intake owns
/// contacts; each change is published on `otop.contacts`. Answers are the officer's contacts as
/// `GET /v1/contacts/{partyId}` shows them (masked for operators), with the contacts' `ETag`; the
/// update needs `If-Match`. An officer scoped to a region registers, sees and changes only that
/// region's officers.
struct OfficerContactsController: Sendable {
    let officers: OfficerContactStore
    let contacts: ContactStore
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("officer-contacts", use: registerOfficerContacts)
        group.get("officer-contacts", use: listOfficerContacts)
        group.get("officer-contacts/:partyId", use: officerContacts)
        group.put("officer-contacts/:partyId", use: updateOfficerContacts)
    }

    /// `POST /v1/officer-contacts` (officer, operator): registers an officer's office for a region.
    @Sendable func registerOfficerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register officer contacts")
        let body = try await JSONBody.decode(OfficerContactsBody.self, from: request, context: context).validated()
        if let scope = client.scopedRegion, scope != body.region { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        let id = UUID()
        let record = try await officers.registerOfficer(body, id: id, now: try await clock.now())
        context.logger.info("officer contacts registered", metadata: ["party_id": "\(id)", "region": "\(body.region.rawValue)"])
        return try JSONResponse.make(.created, location: "/v1/officer-contacts/\(id.lowercased)", etag: record.version,
                                     ContactsView(record, for: client))
    }

    /// `GET /v1/officer-contacts` (officer, operator): officers' offices, newest first, by region.
    @Sendable func listOfficerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "list officer contacts")
        let query = try ListQuery(request, filters: [.region])
        let rows = try await officers.officers(query, region: client.scopedRegion)
        return try JSONResponse.make(.ok, query.page(rows, position: { Cursor(position: $0.position, id: $0.record.partyID) },
                                                     item: { ContactsView($0.record, for: client) }))
    }

    /// `GET /v1/officer-contacts/{partyId}` (officer, operator).
    @Sendable func officerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read officer contacts")
        let id = try PathID.uuid(context, "partyId")
        guard let record = try await contacts.contacts(of: id), record.partyKind == .officer, ContactsController.mayReach(record, client) else {
            throw Problem.notFound(.officer, id.lowercased)
        }
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
    }

    /// `PUT /v1/officer-contacts/{partyId}` (officer, operator): replaces an officer's office and
    /// contacts; `If-Match` with the contacts' `ETag`.
    @Sendable func updateOfficerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "update officer contacts")
        let id = try PathID.uuid(context, "partyId")
        let expected = try EntityVersion.required(by: request)
        let body = try await JSONBody.decode(OfficerContactsBody.self, from: request, context: context).validated()
        guard let record = try await officers.updateOfficer(body, id: id, now: try await clock.now(), check: { current in
            guard ContactsController.mayReach(current, client) else { throw Problem.notFound(.officer, id.lowercased) }
            try expected.check(current.version)
            if let scope = client.scopedRegion, scope != body.region { throw Problem.forbidden(Messages.outsideRegion, field: "region") }
        }) else { throw Problem.notFound(.officer, id.lowercased) }
        context.logger.info("officer contacts updated", metadata: ["party_id": "\(id)", "region": "\(body.region.rawValue)"])
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
    }
}
