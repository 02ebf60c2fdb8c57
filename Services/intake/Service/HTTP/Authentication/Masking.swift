import Contracts
import Foundation

/// Personal data shown to roles that do not need it: enough to recognise (the last digits, the
/// domain), not enough to use.
enum Masking {
    /// `+66812345678` → `+66*****5678`.
    static func phone(_ phone: String) -> String {
        keepLast(4, of: phone, keepFirst: phone.hasPrefix("+") ? 3 : 0)
    }

    /// `somchai@example.com` → `s******@example.com`.
    static func email(_ email: String) -> String {
        guard let at = email.firstIndex(of: "@") else { return keepLast(0, of: email, keepFirst: 1) }
        let local = email[..<at]
        return String(local.prefix(1)) + String(repeating: "*", count: max(1, local.count - 1)) + email[at...]
    }

    /// A LINE id → its first character and stars.
    static func lineUserID(_ id: String) -> String {
        keepLast(0, of: id, keepFirst: 1)
    }

    /// A 13-digit registration number → its last 4 digits.
    static func registrationNumber(_ number: String) -> String {
        keepLast(4, of: number, keepFirst: 0)
    }

    /// A contact person with phone, e-mail and LINE id masked.
    static func contact(_ person: ContactPerson) -> ContactPerson {
        var masked = person
        masked.phone = person.phone.map(phone)
        masked.email = person.email.map(email)
        masked.lineUserId = person.lineUserId.map(lineUserID)
        return masked
    }

    private static func keepLast(_ last: Int, of text: String, keepFirst first: Int) -> String {
        guard text.count > first + last else { return String(repeating: "*", count: text.count) }
        return String(text.prefix(first)) + String(repeating: "*", count: text.count - first - last) + String(text.suffix(last))
    }
}
