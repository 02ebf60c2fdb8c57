import Foundation

/// What a password must be: long rather than complicated. At least 10 characters (counted as the
/// reader sees them: a Thai consonant with its vowel and tone mark is one), at most 128; any letters,
/// Thai included, digits, spaces and signs; no composition rules. Refused: a password on a short deny
/// list of the most common ones (Thai keyboard habits included), one that is the user name or
/// contains it, and one made of a single repeated character or an ascending run.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumLength = 128

    /// Why a password was refused (a label key in the catalogue).
    public enum Refusal: String, Sendable, Equatable, Error {
        case tooShort = "password_tooShort"
        case tooLong = "password_tooLong"
        case common = "password_common"
        case containsUsername = "password_containsUsername"
        case repetitive = "password_repetitive"
        case controlCharacter = "password_controlCharacter"
    }

    /// The most common passwords and patterns, compared ignoring case and spaces.
    static let denyList: Set<String> = [
        "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword1",
        "qwertyuiop", "qwerty1234", "qwerty123456", "asdfghjkl", "1q2w3e4r5t", "1qaz2wsx3edc", "zaq12wsx",
        "iloveyou", "iloveyou1", "admin12345", "administrator", "welcome123", "letmein123", "abc1234567",
        "otop12345", "otop123456", "otopsti2570", "thailand", "thailand1", "bangkok123", "changeme123",
        "รหัสผ่าน", "รหัสผ่าน123", "รหัสผ่านใหม่", "ๅ/-ภถุึคตจ", "ฟหกดเ้่าสว", "ผปแอิืทมใฝ",
    ]

    /// `nil` when `password` is acceptable for `username`, else why not.
    public static func check(_ password: String, username: String) -> Refusal? {
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacter }
        // The deny list first: a short common password is refused for what it is.
        let folded = password.lowercased().filter { !$0.isWhitespace }
        if denyList.contains(folded) { return .common }
        let length = password.count
        if length < minimumLength { return .tooShort }
        if length > maximumLength { return .tooLong }
        let name = username.lowercased().filter { !$0.isWhitespace }
        if name.count >= 3, folded.contains(name) { return .containsUsername }
        if Set(folded).count <= 2 { return .repetitive }
        let scalars = folded.unicodeScalars.map(\.value)
        if scalars.count >= minimumLength, zip(scalars, scalars.dropFirst()).allSatisfy({ $1 == $0 + 1 || $1 + 1 == $0 }) {
            return .repetitive
        }
        return nil
    }
}
