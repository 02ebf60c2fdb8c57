import Contracts

/// What part of a party's data a read disclosed: the access log names fields, never their values.
enum AccessedField: String, Sendable, Codable, CaseIterable {
    /// A request: its product, description and status (and its timeline from the assignment on).
    case request
    /// The enterprise's or provider's name.
    case name
    /// The enterprise's address (province, district, subdistrict).
    case address
    /// The enterprise's products.
    case products
    /// The provider's profile (kind, services, standards, areas served, capacity).
    case profile
    /// The contact persons' names (and roles).
    case contactNames = "contacts.name"
    case contactPhones = "contacts.phone"
    case contactEmails = "contacts.email"
    case contactLineUserIds = "contacts.lineUserId"

    /// The contact fields an answer showing `persons` disclosed: names always, each address only when
    /// some person has one (and LINE ids only when shown at all).
    static func contacts(_ persons: [ContactPerson], lineUserIds: Bool) -> [AccessedField] {
        var fields: [AccessedField] = persons.isEmpty ? [] : [.contactNames]
        if persons.contains(where: { $0.phone != nil }) { fields.append(.contactPhones) }
        if persons.contains(where: { $0.email != nil }) { fields.append(.contactEmails) }
        if lineUserIds, persons.contains(where: { $0.lineUserId != nil }) { fields.append(.contactLineUserIds) }
        return fields
    }
}
