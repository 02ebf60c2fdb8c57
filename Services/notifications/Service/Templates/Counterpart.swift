import Contracts

/// The other party of an assignment as the `assigned-provider` and `assigned-enterprise` messages
/// name it: the enterprise (or provider) and the person to call. Read from notifications' copy of
/// `otop.contacts` when the message is composed, never stored with the message row nor logged.
struct Counterpart: Sendable, Equatable {
    /// The enterprise's or provider's name.
    var partyName: String
    /// The person to call: the first contact person with a phone, else the first one.
    var contact: ContactPerson

    init(partyName: String, contact: ContactPerson) {
        self.partyName = partyName
        self.contact = contact
    }

    /// `party`'s name and the person to call; `nil` when it has no contact person.
    init?(_ party: Recipient) {
        guard let person = party.contacts.first(where: { $0.phone != nil }) ?? party.contacts.first else { return nil }
        self.init(partyName: party.name, contact: person)
    }
}
