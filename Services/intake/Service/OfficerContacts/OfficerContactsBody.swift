import Contracts
import Domain
import Foundation

/// `POST /v1/officer-contacts` and `PUT /v1/officer-contacts/{partyId}`: an officer's office (the
/// party: a name and the region it looks after) and its contact persons.
struct OfficerContactsBody: Decodable {
    var name: String?
    var region: String?
    var contacts: [ContactBody]?

    struct Valid {
        var name: String
        var region: Region
        var contacts: [ContactPerson]
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let name = v.text(name, "name", maxLength: 200)
        let region = v.oneOf(region, "region", as: Region.self)
        var persons: [ContactPerson] = []
        if let contacts, !contacts.isEmpty {
            if contacts.count > 20 { v.fail("contacts", Messages.atMostContacts(20, found: contacts.count)) }
            for (index, contact) in contacts.enumerated() {
                if let person = contact.validated(&v, field: "contacts[\(index)]") { persons.append(person) }
            }
        } else {
            v.fail("contacts", Messages.atLeastOneContact)
        }
        try v.finish()
        return Valid(name: name!, region: region!, contacts: persons)
    }
}
