import Foundation

/// The object `PATCH /v1/contacts/{partyId}` patches.
struct ContactsBody: Codable {
    var contacts: [ContactBody]?
}
