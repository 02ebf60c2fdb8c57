import Contracts
import Domain
import Foundation
import Postgres

/// A party as notifications knows it (from `otop.contacts`): its kind, its name for greetings, the
/// region an officer looks after, and its contact persons with their preferences.
struct Recipient: Sendable, Equatable {
    var partyID: UUID
    var kind: PartyKind
    var name: String
    var region: Region?
    var contacts: [ContactPerson]

    init(partyID: UUID, kind: PartyKind, name: String, region: Region?, contacts: [ContactPerson]) {
        self.partyID = partyID
        self.kind = kind
        self.name = name
        self.region = region
        self.contacts = contacts
    }

    init(row: PostgresRow) throws {
        partyID = try row.decode(UUID.self, column: "party_id")
        kind = try row.decode(PartyKind.self, column: "party_kind")
        name = try row.decode(String.self, column: "party_name")
        region = try row.decode(Region?.self, column: "region")
        contacts = try row.decodeJSON([ContactPerson].self, column: "contacts")
    }
}
