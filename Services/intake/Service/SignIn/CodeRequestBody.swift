import Contracts
import Foundation

/// `POST /v1/sign-in/codes` (the portal): a person typed a phone number or an e-mail address at
/// sign-in, which only selects contact persons on record; the code goes to their address on record
/// for `channel` (by default SMS for a phone, e-mail for an e-mail address), never to what was typed.
struct CodeRequestBody: Decodable {
    var phone: String?
    var email: String?
    var channel: String?
    /// The person's IP address, as the portal received it (for the per-address rate limit).
    var clientAddress: String?

    /// What selects the contact persons, normalised as intake stores it.
    enum Identifier: Equatable {
        /// `+66…`.
        case phone(String)
        /// Lower-cased.
        case email(String)

        var kind: String {
            switch self {
            case .phone: "phone"
            case .email: "email"
            }
        }

        var text: String {
            switch self {
            case .phone(let phone): phone
            case .email(let email): email
            }
        }
    }

    struct Valid {
        var identifier: Identifier
        var channel: ContactChannel
        var clientAddress: String
    }

    func validated() throws(Problem) -> Valid {
        var v = Validation()
        let phone = v.phone(phone, "phone")
        let email = v.email(email, "email")
        if self.phone == nil && self.email == nil { v.fail("phone", Messages.phoneOrEmail) }
        if self.phone != nil && self.email != nil { v.fail("email", Messages.phoneOrEmail) }
        let channel = v.optionalOneOf(channel, "channel", as: ContactChannel.self)
        let address = v.clientAddress(clientAddress, "clientAddress")
        try v.finish()
        let identifier: Identifier = if let phone { .phone(phone) } else { .email(email!.lowercased()) }
        let fallback: ContactChannel = if case .phone = identifier { .sms } else { .email }
        return Valid(identifier: identifier, channel: channel ?? fallback, clientAddress: address!)
    }
}
