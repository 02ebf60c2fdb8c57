import Contracts
import Domain
import Foundation
import Logging

/// A contact person in a request body.
struct ContactBody: Codable {
    var name: String?
    var role: String?
    var email: String?
    var phone: String?
    var lineUserId: String?
    var language: String?
    var channels: [String]?

    init(name: String? = nil, role: String? = nil, email: String? = nil, phone: String? = nil, lineUserId: String? = nil,
         language: String? = nil, channels: [String]? = nil) {
        self.name = name
        self.role = role
        self.email = email
        self.phone = phone
        self.lineUserId = lineUserId
        self.language = language
        self.channels = channels
    }

    init(_ person: ContactPerson) {
        self.init(name: person.name, role: person.role, email: person.email, phone: person.phone, lineUserId: person.lineUserId,
                  language: person.language, channels: person.channels.map(\.rawValue))
    }

    /// At most this many contact persons per party.
    static let maxCount = 20

    func validated(_ v: inout Validation, field: String) -> ContactPerson? {
        let name = v.text(name, "\(field).name", maxLength: 200)
        let role = v.optionalText(role, "\(field).role", maxLength: 100)
        let email = v.email(email, "\(field).email")
        let phone = v.phone(phone, "\(field).phone")
        let line = v.optionalText(lineUserId, "\(field).lineUserId", maxLength: 64)
        let language = language ?? "th"
        if language != "th" && language != "en" { v.fail("\(field).language", Messages.language) }
        // Presence decides which channels can be listed; an invalid address has its own error above.
        let hasEmail = self.email != nil, hasPhone = self.phone != nil, hasLine = lineUserId != nil
        let channels = v.list(channels ?? [hasEmail ? "email" : hasPhone ? "sms" : "line"], "\(field).channels",
                              as: ContactChannel.self)
        if !hasEmail && !hasPhone && !hasLine { v.fail(field, Messages.needsContactAddress) }
        for channel in channels ?? [] {
            let has = switch channel {
            case .email: hasEmail
            case .sms: hasPhone
            case .line: hasLine
            }
            if !has { v.fail("\(field).channels", Messages.channelWithoutAddress(channel.rawValue)) }
        }
        guard let name, let channels else { return nil }
        return ContactPerson(name: name, role: role, email: email, phone: phone, lineUserId: line,
                             language: language, channels: channels)
    }

    /// Validates a list of contact persons (1 to ``maxCount``).
    static func validated(_ contacts: [ContactBody]?, _ v: inout Validation, field: String = "contacts") -> [ContactPerson] {
        v.count(contacts, field, max: maxCount, required: true).enumerated().compactMap { index, contact in
            contact.validated(&v, field: "\(field)[\(index)]")
        }
    }
}
