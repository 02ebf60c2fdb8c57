import Contracts
import Foundation
import Postgres

/// Stores the contact persons of imported parties (`intake.contacts`, personal data kept only
/// there and on `otop.contacts`), one statement for all of them.
enum ImportContacts {
    static func store(_ parties: [ContactsUpserted], on connection: PostgresConnection) async throws {
        guard !parties.isEmpty else { return }
        try await connection.execute("""
            INSERT INTO intake.contacts (party_id, party_kind, contacts, updated_at)
            SELECT x.party_id, x.party_kind, x.contacts, now()
            FROM jsonb_to_recordset(\(try PostgresJSON(parties.map(Record.init)))) AS x(party_id uuid, party_kind text, contacts jsonb)
            ON CONFLICT (party_id) DO UPDATE SET party_kind = EXCLUDED.party_kind, contacts = EXCLUDED.contacts, updated_at = now(),
                                                 version = intake.contacts.version + 1
            """)
    }

    /// An `intake.contacts` row, as a `jsonb_to_recordset` record (the contacts as the API stores them).
    private struct Record: Encodable {
        let partyID: UUID
        let partyKind: String
        let contacts: [ContactPerson]

        init(_ party: ContactsUpserted) {
            partyID = party.partyId
            partyKind = party.partyKind.rawValue
            contacts = party.contacts
        }

        enum CodingKeys: String, CodingKey {
            case contacts
            case partyID = "party_id"
            case partyKind = "party_kind"
        }
    }
}
