import Contracts
import Domain
import Foundation

/// One read of a party's data by another party, as the access log keeps it: who read (the client,
/// its role and the party it acts for), whose data, which fields, when, through which route, and
/// the request that allowed it. Ids and field names only: never the data itself.
struct AccessRecord: Sendable {
    var reader: APIClient
    /// Whose data was read.
    var partyID: UUID
    var partyKind: PartyKind
    var fields: [AccessedField]
    /// The route as documented, `GET /v1/contacts/{partyId}`.
    var route: String
    /// The request whose assignment (or accepted proposal) allowed the read; `nil` for an officer's read.
    var requestID: UUID?
    /// The regions the read concerns (officers scoped to a region see the entries of theirs).
    var regions: [Region]

    /// A read the hand-off allowed (``HandOff``): its request's region.
    init(reader: APIClient, party: UUID, kind: PartyKind, fields: [AccessedField], route: String, link: HandOff.Link) {
        self.init(reader: reader, partyID: party, partyKind: kind, fields: fields, route: route, requestID: link.requestID,
                  regions: Province.withCode(link.provinceCode).map { [$0.region] } ?? [])
    }

    init(reader: APIClient, partyID: UUID, partyKind: PartyKind, fields: [AccessedField], route: String, requestID: UUID?,
         regions: [Region]) {
        self.reader = reader
        self.partyID = partyID
        self.partyKind = partyKind
        self.fields = fields
        self.route = route
        self.requestID = requestID
        self.regions = regions
    }
}
