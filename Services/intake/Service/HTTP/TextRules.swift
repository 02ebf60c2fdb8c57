import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Timestamps

/// Rules for text every route shares.
enum TextRules {
    /// Whether `text` holds C0/C1 control characters (NUL above all, which PostgreSQL cannot store);
    /// tab, line feed and carriage return pass where `allowLineBreaks` (long descriptions).
    static func hasControlCharacters(_ text: String, allowLineBreaks: Bool) -> Bool {
        text.unicodeScalars.contains { DisplayText.isControl($0, lineBreaks: allowLineBreaks) }
    }

    /// What no string of a body may hold, whatever its member: control characters (but line breaks)
    /// and bidirectional formatting characters (Domain's ``DisplayText``); `nil` when it holds none.
    static func forbiddenCharacters(in text: String, allowLineBreaks: Bool) -> LocalizedText? {
        for scalar in text.unicodeScalars {
            if DisplayText.isControl(scalar, lineBreaks: allowLineBreaks) { return Messages.controlCharacters }
            if DisplayText.isBidiControl(scalar) { return Messages.bidiControls }
        }
        return nil
    }

    /// The message for a text ``DisplayText`` refuses.
    static func message(_ problem: DisplayText.Problem) -> LocalizedText {
        switch problem {
        case .controlCharacter: Messages.controlCharacters
        case .bidiControl: Messages.bidiControls
        case .invisibleOnly: Messages.invisibleOnly
        }
    }

    /// `text` with control and bidi characters replaced, short enough to quote back in a message.
    static func printable(_ text: String) -> String {
        DisplayText.printable(text)
    }

    /// `local@domain.tld`: no white space or `@` in either part, the domain's labels non-empty.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// The national form (`0812345678`) of a Thai phone number written `0…` or `+66…`, digits
    /// optionally grouped by single `-` or spaces; `nil` otherwise.
    static func thaiPhone(_ text: String) -> String? {
        var rest = Substring(text)
        var national = "0"
        if rest.hasPrefix("+66") {
            rest = rest.dropFirst(3)
            if rest.first == "-" || rest.first == " " { rest = rest.dropFirst() }
        } else if rest.hasPrefix("0") {
            rest = rest.dropFirst()
        } else {
            return nil
        }
        var previousWasSeparator = false
        for character in rest {
            if character == "-" || character == " " {
                guard !previousWasSeparator, national.count > 1 else { return nil }
                previousWasSeparator = true
            } else if character.isASCII, character.isNumber {
                national.append(character)
                previousWasSeparator = false
            } else {
                return nil
            }
        }
        guard !previousWasSeparator, (9...10).contains(national.count), national.dropFirst().first != "0" else { return nil }
        return national
    }

    /// `YYYY-MM-DD` naming a real day.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              text.allSatisfy({ $0 == "-" || ($0.isASCII && $0.isNumber) }),
              (1...12).contains(month), day >= 1 else { return false }
        let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
