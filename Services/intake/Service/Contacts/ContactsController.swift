import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging

/// A party's contact persons: read (the party itself and officers in full, operators masked),
/// replaced with a merge patch (the party itself, officers), erased (officers, operators; PDPA), and
/// their preferences (channels, language, optional messages) changed by the party, officers of its
/// region or operators. Each change is published on `otop.contacts`; updates need `If-Match`.
/// The other party of an assignment reads them while the hand-off lasts (``HandOff``); every read by
/// another party (the hand-off's, officers') is recorded in the access log.
struct ContactsController: Sendable {
    let contacts: ContactStore
    let handOff: HandOff
    let clock: any WallClock

    private var preferences: ContactPreferencesStore { ContactPreferencesStore(pool: contacts.pool) }

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("contacts/:partyId", use: partyContacts)
        group.patch("contacts/:partyId", use: updateContacts)
        group.delete("contacts/:partyId", use: eraseContacts)
        group.patch("contacts/:partyId/preferences", use: updateContactPreferences)
    }

    /// Whether `client` may see the contacts of `record`'s party at all: its own, every party for
    /// operators, the ministry and unscoped officers, the parties of their region for scoped officers.
    static func mayReach(_ record: ContactsRecord, _ client: APIClient) -> Bool {
        switch client.role {
        case .enterprise: return client.enterpriseID == record.partyID
        case .provider: return client.providerID == record.partyID
        case .operator, .ministry: return true
        case .portal: return false
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
        guard let record = try await contacts.contacts(of: party) else { throw Problem.notFound(.contacts, party.lowercased) }
        if Self.mayReach(record, client) {
            if client.role == .officer {
                try await handOff.record(AccessRecord(
                    reader: client, partyID: party, partyKind: record.partyKind,
                    fields: AccessedField.contacts(record.contacts, lineUserIds: true), route: Self.readRoute, requestID: nil,
                    regions: record.regions))
            }
            return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
        }
        guard let link = try await handOffLink(to: record, for: client) else { throw Problem.notFound(.contacts, party.lowercased) }
        try await handOff.record(AccessRecord(reader: client, party: party, kind: record.partyKind,
                                              fields: AccessedField.contacts(record.contacts, lineUserIds: false),
                                              route: Self.readRoute, link: link))
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, disclosure: .handOff))
    }

    private static let readRoute = "GET /v1/contacts/{partyId}"

    /// The assignment that lets `client` read `record`'s contact persons now: a provider those of the
    /// enterprise whose request it holds, an enterprise those of the provider holding its request
    /// (not of one that only accepted: the enterprise has not chosen it yet).
    private func handOffLink(to record: ContactsRecord, for client: APIClient) async throws -> HandOff.Link? {
        switch (client.role, record.partyKind) {
        case (.provider, .enterprise):
            guard let provider = client.providerID else { return nil }
            return try await handOff.assignment(provider: provider, enterprise: record.partyID)
        case (.enterprise, .provider):
            guard let enterprise = client.enterpriseID else { return nil }
            return try await handOff.assignment(provider: record.partyID, enterprise: enterprise)
        default:
            return nil
        }
    }

    @Sendable func updateContacts(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.enterprise, .provider, .officer, to: "change contact persons")
        let party = try PathID.uuid(context, "partyId")
        let expected = try EntityVersion.required(by: request)
        let patch = try await JSONBody.object(from: request, context: context, as: .mergePatch)
        guard let record = try await contacts.update(party: party, now: try await clock.now(), { current in
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

    /// `PATCH /v1/contacts/{partyId}/preferences`: a party changes its own contact persons' channels,
    /// language and optional messages (an enterprise or provider for itself; officers for the
    /// parties of their region; operators for anyone). The last channel cannot be removed.
    /// `If-Match` with the contacts' `ETag`.
    @Sendable func updateContactPreferences(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        let id = try PathID.uuid(context, "partyId")
        let expected = try EntityVersion.required(by: request)
        let body = try await JSONBody.decode(ContactPreferencesBody.self, from: request, context: context)
        guard let record = try await preferences.updatePreferences(partyID: id, body: body, now: try await clock.now(), check: { current in
            guard Self.mayReach(current, client) else { throw Problem.notFound(.contacts, id.lowercased) }
            try expected.check(current.version)
        }) else { throw Problem.notFound(.contacts, id.lowercased) }
        context.logger.info("contact preferences changed", metadata: ["party_id": "\(id)", "contact": "\(body.contact ?? 0)"])
        return try JSONResponse.make(.ok, etag: record.version, ContactsView(record, for: client))
    }
}
