import Contracts
import Domain
import Foundation
import Postgres

/// One entry of the access log as officers and operators read it (`GET /v1/access-log`).
struct AccessLogEntryView: Codable, Sendable {
    var id: UUID
    var readAt: Date
    /// The route as documented: `GET /v1/contacts/{partyId}`.
    var route: String
    var readerClientId: UUID
    var readerRole: Role
    /// The enterprise or provider the reading client acts for (absent for officers).
    var readerPartyId: UUID?
    /// Whose data was read.
    var partyId: UUID
    var partyKind: PartyKind
    var fields: [AccessedField]
    /// The request whose assignment (or accepted proposal) allowed the read.
    var requestId: UUID?
    var regions: [Region]
    /// `read_at` as PostgreSQL writes it, for paging (not shown).
    var position = ""

    private enum CodingKeys: String, CodingKey {
        case id, readAt, route, readerClientId, readerRole, readerPartyId, partyId, partyKind, fields, requestId, regions
    }

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        readAt = try row.decode(Date.self, column: "read_at")
        route = try row.decode(String.self, column: "route")
        readerClientId = try row.decode(UUID.self, column: "reader_client_id")
        readerRole = try row.decode(Role.self, column: "reader_role")
        readerPartyId = try row.decode(UUID?.self, column: "reader_party_id")
        partyId = try row.decode(UUID.self, column: "party_id")
        partyKind = try row.decode(PartyKind.self, column: "party_kind")
        fields = try row.decode([AccessedField].self, column: "fields")
        requestId = try row.decode(UUID?.self, column: "request_id")
        regions = try row.decode([Region].self, column: "regions")
        position = try row.decode(String.self, column: "position")
    }
}
