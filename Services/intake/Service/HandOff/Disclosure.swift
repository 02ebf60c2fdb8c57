import Contracts

/// How much of a party's contact persons an answer shows.
enum Disclosure: Sendable, Equatable {
    /// Everything: to the party itself and to officers.
    case full
    /// To the other party of a hand-off (``HandOff``): names, roles, phones and e-mails, to call and
    /// write; LINE user ids are left out (only the programme's LINE account can use one).
    case handOff
    /// Phones, e-mails and LINE ids masked: to operators.
    case masked

    /// What `persons` look like under this disclosure.
    func apply(to persons: [ContactPerson]) -> [ContactPerson] {
        switch self {
        case .full: persons
        case .handOff: persons.map { person in
            var shown = person
            shown.lineUserId = nil
            return shown
        }
        case .masked: persons.map(Masking.contact)
        }
    }
}
