import Foundation

/// The `q` parameter of the enterprises, providers and requests lists (docs/console.md, A2): at most
/// 100 characters with at least two that are not white space (so 2–100 once trimmed), no control
/// characters (422 naming `q` otherwise); searched trimmed, runs of white space made one space. A name matches when it contains the text (ignoring case and the two ways of
/// typing สระอำ: PostgreSQL's `intake.search_text()` writes both sides the same way); a reference
/// when it equals the text ignoring case; and, for officers only (operators see them masked), a
/// registration number when the text is its 13 digits, and a contact person's phone when the text
/// holds 9–15 digits (spaces and dashes aside; a leading `+66` or `0` dropped).
struct SearchQuery: Sendable, Equatable {
    /// The text as searched (trimmed, white space made single spaces).
    var text: String
    /// `%text%` for `LIKE`, its `\`, `%` and `_` escaped.
    var pattern: String
    /// The text upper-cased, for references (`OTOP-2570-000007`).
    var reference: String
    /// The 13 digits of a registration number, when the text is one.
    var registrationNumber: String?
    /// The national number (no `+66`, no leading `0`) of a phone, when the text is one.
    var phone: String?

    static let lengths = 2...100

    /// Reads `q` (problems into `v`); `nil` when absent or invalid.
    static func read(_ v: inout Validation, _ raw: String?) -> SearchQuery? {
        guard let raw else { return nil }
        guard !TextRules.hasControlCharacters(raw, allowLineBreaks: false) else {
            v.failParameter("q", Messages.controlCharacters)
            return nil
        }
        // As the document says it: `maxLength` on the value as sent, and two characters that are not
        // white space (what "at least 2 once trimmed" comes to).
        let printing = raw.unicodeScalars.filter { !$0.properties.isWhitespace }.count
        guard raw.unicodeScalars.count <= lengths.upperBound, printing >= lengths.lowerBound else {
            v.failParameter("q", Messages.searchLength(lengths, found: printing))
            return nil
        }
        return SearchQuery(text: raw.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    init(text: String) {
        self.text = text
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        pattern = "%" + escaped + "%"
        reference = text.uppercased()
        let compact = text.filter { $0 != " " && $0 != "-" }
        if compact.count == 13, compact.allSatisfy(\.isASCIIDigit) { registrationNumber = compact }
        var digits = Substring(compact)
        if digits.hasPrefix("+66") {
            digits = digits.dropFirst(3)
        } else if digits.hasPrefix("+") {
            digits = ""
        }
        if (9...15).contains(compact.count - (compact.hasPrefix("+") ? 1 : 0)), !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) {
            phone = String(digits.hasPrefix("0") ? digits.dropFirst() : digits)
        }
    }

    /// What a list statement writes before its search condition, `(… id IN (<search>))`: `TRUE OR`
    /// when there is no search (PostgreSQL folds the condition away, even in a generic plan), nothing
    /// when there is one. The two statements differ in text, so each keeps a plan of its own: a
    /// searching list is planned as a semi-join driven by the matches rather than as a scan of the
    /// newest rows testing `$n IS NULL OR …` on each (the generic plan PostgreSQL settled on after
    /// five calls of one shared statement: 6–10 times slower, scripts/bench_search.sh).
    static func unlessSearching(_ search: SearchQuery?) -> StaticString {
        search == nil ? "TRUE OR" : ""
    }

    /// The query `client` may run: registration numbers and phones match for officers only.
    func visible(to client: APIClient) -> SearchQuery {
        guard client.role != .officer else { return self }
        var limited = self
        limited.registrationNumber = nil
        limited.phone = nil
        return limited
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
