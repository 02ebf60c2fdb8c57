/// Renders header fields as 7-bit lines of at most 76 characters where the content allows, folded
/// with CRLF + space (RFC 5322 section 2.2.3).
enum HeaderField {
    /// The line length the folding aims for (RFC 2047's limit for lines holding encoded-words).
    static let lineLimit = 76
    /// Plain words longer than this are sent as encoded-words instead, so that they can be split.
    static let longestPlainWord = 60

    /// `Name: token token ...` folded before a token that would make the line longer than
    /// ``lineLimit``. Ends with CRLF.
    static func folded(name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            if line.utf8.count + 1 + token.utf8.count > lineLimit, lineHasToken || lines.isEmpty {
                lines.append(line)
                line = ""
            }
            line += " " + token
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An unstructured field (`Subject`, extra headers): as is when it is short plain ASCII words,
    /// otherwise as encoded-words. Control characters (line breaks, tabs) become spaces.
    static func unstructured(name: String, value: String) -> String {
        let value = withoutControlCharacters(value)
        if let words = plainWords(value) {
            return folded(name: name, tokens: words)
        }
        return folded(name: name, tokens: EncodedWord.encode(value, firstLength: firstWordLength(name: name)))
    }

    /// An address-list field (`From`, `To`): `name <address>, ...`, display names as atoms, a quoted
    /// string or encoded-words.
    static func addressList(name: String, _ mailboxes: [EmailAddress]) -> String {
        var tokens: [String] = []
        for (index, mailbox) in mailboxes.enumerated() {
            let first = tokens.isEmpty
            if let displayName = mailbox.name.map(withoutControlCharacters), !displayName.isEmpty {
                if let words = plainWords(displayName), words.allSatisfy(isAtom) {
                    tokens += words
                } else if let quoted = quotedString(displayName) {
                    tokens.append(quoted)
                } else {
                    tokens += EncodedWord.encode(displayName, firstLength: first ? firstWordLength(name: name) : EncodedWord.maximumLength)
                }
            }
            tokens.append("<" + mailbox.address + ">" + (index < mailboxes.count - 1 ? "," : ""))
        }
        return folded(name: name, tokens: tokens)
    }

    /// The words of `value` when it can be sent as it is: printable ASCII, single spaces between
    /// words, no leading or trailing space, nothing that looks like an encoded-word, no word
    /// longer than ``longestPlainWord``.
    static func plainWords(_ value: String) -> [String]? {
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }),
              !value.contains("=?") else { return nil }
        if value.isEmpty { return [] }
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        guard words.allSatisfy({ !$0.isEmpty && $0.utf8.count <= longestPlainWord }) else { return nil }
        return words.map(String.init)
    }

    /// Whether `word` is an RFC 5322 atom (letters, digits and ``!#$%&'*+-/=?^_`{|}~``).
    static func isAtom(_ word: String) -> Bool {
        let specials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        return !word.isEmpty && word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || specials.contains($0)
        }
    }

    /// `"..."` with `\` and `"` escaped, when `value` is printable ASCII short enough for one line.
    static func quotedString(_ value: String) -> String? {
        guard value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }),
              !value.contains("=?"), value.utf8.count <= longestPlainWord else { return nil }
        var quoted = "\""
        for character in value {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// The length that lets the first encoded-word share the line with `Name: `.
    static func firstWordLength(name: String) -> Int {
        let room = lineLimit - name.utf8.count - 2
        return room >= EncodedWord.minimumLength ? min(room, EncodedWord.maximumLength) : EncodedWord.maximumLength
    }

    /// `value` with every control character (CR, LF, tab, ...) replaced by a space.
    static func withoutControlCharacters(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            scalars.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(scalars)
    }
}
