import Contracts

/// Which channels a message goes out on for a recipient, and to whom on each: every contact person
/// who lists the channel in their preferences and has an address for it (optional messages skip the
/// persons who switched those off). Channels come in the order the persons prefer them; the language
/// of a channel's message is that of its first person. Pure.
enum ChannelRouting {
    struct Delivery: Sendable, Equatable {
        var channel: ContactChannel
        var addressees: [Addressee]
        var language: Language
    }

    /// One contact person (by position) on one channel: a message for that person only.
    struct Person: Sendable, Equatable, Codable {
        var index: Int
        var channel: ContactChannel
    }

    /// The deliveries of `template` for `recipient`: every person on their channels, or only
    /// `person` on its channel (when that person has an address for it; none otherwise).
    static func deliveries(for recipient: Recipient, template: MessageTemplate, only person: Person? = nil) -> [Delivery] {
        if let person {
            guard recipient.contacts.indices.contains(person.index) else { return [] }
            let contact = recipient.contacts[person.index]
            guard let address = address(of: contact, on: person.channel) else { return [] }
            return [Delivery(channel: person.channel, addressees: [Addressee(name: contact.name, address: address)],
                             language: Language(contactLanguage: contact.language))]
        }
        var order: [ContactChannel] = []
        var byChannel: [ContactChannel: Delivery] = [:]
        for person in recipient.contacts {
            if !template.isMandatory && person.optionalMessages == false { continue }
            for channel in person.channels {
                guard let address = address(of: person, on: channel) else { continue }
                let addressee = Addressee(name: person.name, address: address)
                if byChannel[channel] == nil {
                    order.append(channel)
                    byChannel[channel] = Delivery(channel: channel, addressees: [addressee],
                                                  language: Language(contactLanguage: person.language))
                } else if !byChannel[channel]!.addressees.contains(addressee) {
                    byChannel[channel]!.addressees.append(addressee)
                }
            }
        }
        return order.map { byChannel[$0]! }
    }

    /// The person's address on `channel`, if they have one.
    static func address(of person: ContactPerson, on channel: ContactChannel) -> String? {
        let address: String? = switch channel {
        case .email: person.email
        case .sms: person.phone
        case .line: person.lineUserId
        }
        guard let address, !address.isEmpty else { return nil }
        return address
    }
}
