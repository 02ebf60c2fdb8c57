import Contracts
import Foundation

/// `PATCH /v1/contacts/{partyId}/preferences`: one contact person's preferences. Every field is
/// optional; what is given replaces what was stored.
struct ContactPreferencesBody: Decodable {
    /// Which contact person of the party (their position in the party's list, from 0). Default 0.
    var contact: Int?
    /// The channels, in order of preference. At least one must stay: the programme's mandatory
    /// messages (`MessageTemplate.mandatory`) need a channel.
    var channels: [String]?
    /// `th` or `en`.
    var language: String?
    /// `false` switches off the optional (courtesy) messages.
    var optionalMessages: Bool?
    /// Links the person's LINE account (the user id the LINE official account received).
    var lineUserId: String?

    /// Applies the body to `persons`, or throws 422 naming an invalid field, or 409 naming a field
    /// that conflicts with the stored persons (no such person, a channel without its address).
    func applied(to persons: [ContactPerson]) throws(Problem) -> [ContactPerson] {
        var v = Validation()
        let index = contact ?? 0
        guard persons.indices.contains(index) else {
            // A well-formed body naming a person the stored list does not have: a conflict with what is stored.
            throw Problem.conflict([.init(field: "contact", detail: Messages.contactIndex(count: persons.count))])
        }
        var person = persons[index]
        if let lineUserId {
            if let line = v.optionalText(lineUserId, "lineUserId", maxLength: 64) { person.lineUserId = line }
        }
        if let language {
            if language == "th" || language == "en" { person.language = language } else {
                v.fail("language", Messages.language)
            }
        }
        if let optionalMessages { person.optionalMessages = optionalMessages }
        if let channels {
            if channels.isEmpty {
                v.fail("channels", Messages.lastChannel(mandatory: MessageTemplate.mandatory))
            } else if let list = v.list(channels, "channels", as: ContactChannel.self) {
                person.channels = list
            }
        }
        try v.finish()
        // The body is valid; a channel whose address the stored person lacks conflicts with what is stored.
        var missing: [Problem.FieldError] = []
        for (position, channel) in person.channels.enumerated() {
            let has = switch channel {
            case .email: person.email != nil
            case .sms: person.phone != nil
            case .line: person.lineUserId != nil
            }
            if !has {
                missing.append(.init(field: "channels[\(position)]", detail: Messages.channelWithoutAddress(channel.rawValue)))
            }
        }
        if !missing.isEmpty { throw Problem.conflict(missing) }
        var updated = persons
        updated[index] = person
        return updated
    }
}

extension ContactPreferencesBody {
    /// The schema's descriptions that name the message lists, written into the OpenAPI document when
    /// it is assembled (``OpenAPIDocument/descriptions``) from `MessageTemplate`, the one list, instead
    /// of a copy in `contacts.openapi.json`.
    static var documentedMessageLists: [OpenAPIDocument.Description] {
        let properties = ["components", "schemas", "ContactPreferences", "properties"]
        let optional = MessageTemplate.optional.map(\.rawValue)
        return [
            .init(file: "contacts.openapi.json", keys: properties + ["channels"],
                  text: "Channels in order of preference; each needs its address. Mandatory messages: "
                      + MessageTemplate.mandatory.map(\.rawValue).joined(separator: ", ")),
            .init(file: "contacts.openapi.json", keys: properties + ["optionalMessages"],
                  text: "false switches off \(optional.dropLast().joined(separator: ", ")) and \(optional.last ?? "")"),
        ]
    }
}
