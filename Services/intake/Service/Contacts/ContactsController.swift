import Contracts
import Domain
import Foundation
import Hummingbird
import Logging

/// A party's contact persons: read (the party itself and officers in full, operators masked),
/// replaced with a merge patch (the party itself, officers), erased (officers, operators; PDPA).
extension IntakeAPI {
    func addContactRoutes(to v1: RouterGroup<IntakeRequestContext>) {
        v1.get("contacts/:partyId", use: partyContacts)
        v1.patch("contacts/:partyId", use: updateContacts)
        v1.delete("contacts/:partyId", use: eraseContacts)
    }

    /// Whether `client` may see the contacts of `record`'s party at all: its own, every party for
    /// operators and unscoped officers, the parties of their region for scoped officers.
    static func mayReach(_ record: ContactsRecord, _ client: APIClient) -> Bool {
        switch client.role {
        case .enterprise: return client.enterpriseID == record.partyID
        case .provider: return client.providerID == record.partyID
        case .operator: return true
        case .officer:
            if record.partyKind == .officer { return client.scopedRegion == nil || client.scopedRegion == record.region }
            if let province = record.provinceCode { return client.covers(provinceCode: province) }
            if let provider = record.provider { return client.covers(provinceCodes: provider.provinceCodes, regions: provider.regions) }
            return client.scopedRegion == nil
        }
    }

    @Sendable func partyContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let party = try PathID.uuid(context, "partyId")
        guard let record = try await contacts.contacts(of: party), Self.mayReach(record, client) else {
            throw Problem.notFound(.contacts, party.lowercased)
        }
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
    }

    @Sendable func updateContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .provider, .officer, to: "change contact persons")
        let party = try PathID.uuid(context, "partyId")
        let expected = try EntityVersion.required(by: request)
        let patch = try await JSONBody.object(from: request, context: context, as: .mergePatch)
        guard let record = try await contacts.update(party: party, now: now(), { current in
            guard Self.mayReach(current, client) else { throw Problem.notFound(.contacts, party.lowercased) }
            try expected.check(current.version)
            let body = try MergePatch.patched(ContactsBody(contacts: current.contacts.map(ContactBody.init)), with: patch,
                                              allowed: ["contacts"])
            var v = Validation()
            let persons = ContactBody.validated(body.contacts, &v)
            try v.finish(patch: patch)
            return persons
        }) else { throw Problem.notFound(.contacts, party.lowercased) }
        context.logger.info("contacts changed", metadata: ["party_id": "\(party)", "version": "\(record.version.number)"])
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
    }

    @Sendable func eraseContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "erase contact data")
        let party = try PathID.uuid(context, "partyId")
        guard try await contacts.erase(party: party, { current in
            guard Self.mayReach(current, client) else { throw Problem.notFound(.contacts, party.lowercased) }
        }) else { throw Problem.notFound(.contacts, party.lowercased) }
        context.logger.info("contacts erased", metadata: ["party_id": "\(party)"])
        return Response(status: .accepted)
    }
}

/// The object `PATCH /v1/contacts/{partyId}` patches.
struct ContactsBody: Codable {
    var contacts: [ContactBody]?
}
