import Contracts
import Domain
import Foundation
import Hummingbird
import Logging

/// Routes for notifications' recipients: officers' contacts (officers receive alerts and the weekly
/// digest of their region) and every party's contact preferences (channels, language, optional
/// messages). Intake owns contacts; each change is published on `otop.contacts`.
extension IntakeAPI {
    func addNotificationRoutes(to v1: RouterGroup<IntakeRequestContext>) {
        v1.post("officer-contacts", use: registerOfficerContacts)
        v1.put("officer-contacts/:partyId", use: updateOfficerContacts)
        v1.patch("contacts/:partyId/preferences", use: updateContactPreferences)
    }

    private var preferences: ContactPreferencesStore { ContactPreferencesStore(pool: parties.pool) }

    /// `POST /v1/officer-contacts` (officer, operator): registers an officer's office for a region.
    @Sendable func registerOfficerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "register officer contacts")
        let body = try await JSONBody.decode(OfficerContactsBody.self, from: request, context: context).validated()
        let id = UUID()
        let contacts = try await preferences.registerOfficer(body, id: id, now: now())
        context.logger.info("officer contacts registered", metadata: ["party_id": "\(id)", "region": "\(body.region.rawValue)"])
        return try JSONResponse.make(.created, location: "/v1/officer-contacts/\(id.uuidString.lowercased())", contacts)
    }

    /// `PUT /v1/officer-contacts/{partyId}` (officer, operator): replaces an officer's office and contacts.
    @Sendable func updateOfficerContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "update officer contacts")
        let id = try PathID.uuid(context, "partyId")
        let body = try await JSONBody.decode(OfficerContactsBody.self, from: request, context: context).validated()
        switch try await preferences.updateOfficer(body, id: id, now: now()) {
        case .updated(let contacts):
            context.logger.info("officer contacts updated", metadata: ["party_id": "\(id)", "region": "\(body.region.rawValue)"])
            return try JSONResponse.make(.ok, contacts)
        case .noSuchParty:
            throw Problem.notFound("officer \(id.uuidString.lowercased())")
        }
    }

    /// `PATCH /v1/contacts/{partyId}/preferences`: a party changes its own contact persons' channels,
    /// language and optional messages (an enterprise or provider for itself; officers and operators
    /// for anyone). The last channel cannot be removed.
    @Sendable func updateContactPreferences(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "partyId")
        switch client.role {
        case .officer, .operator: break
        case .enterprise where client.enterpriseID == id: break
        case .provider where client.providerID == id: break
        case .enterprise, .provider:
            // Another party's contacts do not exist for this caller.
            throw Problem.notFound("contacts of party \(id.uuidString.lowercased())")
        }
        let body = try await JSONBody.decode(ContactPreferencesBody.self, from: request, context: context)
        switch try await preferences.updatePreferences(partyID: id, body: body, now: now()) {
        case .updated(let contacts):
            context.logger.info("contact preferences changed", metadata: ["party_id": "\(id)", "contact": "\(body.contact ?? 0)"])
            return try JSONResponse.make(.ok, contacts)
        case .noSuchParty:
            throw Problem.notFound("contacts of party \(id.uuidString.lowercased())")
        }
    }
}
