import Contracts
import Domain
import Foundation
import Logging

/// A contact person in a request body.
struct ContactBody: Decodable {
    var name: String?
    var role: String?
    var email: String?
    var phone: String?
    var lineUserId: String?
    var language: String?
    var channels: [String]?

    func validated(_ v: inout Validation, field: String) -> ContactPerson? {
        let name = v.text(name, "\(field).name", maxLength: 200)
        let role = v.optionalText(role, "\(field).role", maxLength: 100)
        let email = v.email(email, "\(field).email")
        let phone = v.phone(phone, "\(field).phone")
        let line = v.optionalText(lineUserId, "\(field).lineUserId", maxLength: 64)
        let language = language ?? "th"
        if language != "th" && language != "en" { v.fail("\(field).language", "must be th or en; found '\(language)'") }
        let channels = v.list(channels ?? ["email"], "\(field).channels", as: ContactChannel.self)
        if email == nil && phone == nil && line == nil {
            v.fail(field, "needs at least one of email, phone, lineUserId")
        }
        for channel in channels ?? [] {
            let has = switch channel {
            case .email: email != nil
            case .sms: phone != nil
            case .line: line != nil
            }
            if !has { v.fail("\(field).channels", "\(channel.rawValue) is listed but its address is missing") }
        }
        guard let name, let channels else { return nil }
        return ContactPerson(name: name, role: role, email: email, phone: phone, lineUserId: line,
                             language: language, channels: channels)
    }
}
