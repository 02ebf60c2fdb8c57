/// The rule every text a person types (names above all) must follow before others read it: no
/// control characters, no bidirectional formatting characters (an override such as U+202E makes
/// `txt.exe` read as `exe.txt`; officers must see what was stored), and something visible, not
/// only white space and zero-width characters. Intake's bodies and its CSV imports both apply it;
/// ``pattern(lineBreaks:)`` is the same rule as the JSON Schema pattern its document gives.
public enum DisplayText {
    /// Why a text was refused.
    public enum Problem: Sendable, Equatable {
        /// C0/C1 control characters (NUL, BEL, DEL ...); tab and line breaks only where allowed.
        case controlCharacter
        /// Bidirectional formatting characters: embeddings, overrides, isolates and marks.
        case bidiControl
        /// Nothing visible: only white space and zero-width characters.
        case invisibleOnly
    }

    /// Whether `scalar` is a C0/C1 control character (tab, line feed and carriage return pass where
    /// `lineBreaks`).
    public static func isControl(_ scalar: Unicode.Scalar, lineBreaks: Bool) -> Bool {
        if lineBreaks && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The bidirectional formatting characters: ALM (U+061C), LRM and RLM (U+200E–U+200F), the
    /// embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069).
    public static let bidiControls: [ClosedRange<UInt32>] = [0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069]

    /// Characters that show nothing: soft hyphen, Hangul fillers, Mongolian vowel separator,
    /// zero-width space, non-joiner and joiner, word joiner and invisible operators, the byte-order
    /// mark (zero-width no-break space). Allowed inside a text (Thai text may carry U+200B as a word
    /// break), never as all of it.
    public static let invisibles: [ClosedRange<UInt32>] = [0x00AD...0x00AD, 0x115F...0x1160, 0x180E...0x180E, 0x200B...0x200D,
                                                           0x2060...0x2064, 0x3164...0x3164, 0xFEFF...0xFEFF, 0xFFA0...0xFFA0]

    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        bidiControls.contains { $0.contains(scalar.value) }
    }

    /// Whether `scalar` shows something: not white space and not one of ``invisibles``.
    public static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.properties.isWhitespace && !isControl(scalar, lineBreaks: false) && !invisibles.contains { $0.contains(scalar.value) }
    }

    /// The first problem of `text`, `nil` when it may be stored. `lineBreaks` allows tab, line
    /// feed and carriage return (long free texts).
    public static func problem(in text: String, lineBreaks: Bool) -> Problem? {
        var visible = false
        for scalar in text.unicodeScalars {
            if isControl(scalar, lineBreaks: lineBreaks) { return .controlCharacter }
            if isBidiControl(scalar) { return .bidiControl }
            if !visible && isVisible(scalar) { visible = true }
        }
        return visible ? nil : .invisibleOnly
    }

    /// Whether `text` holds a character no text may hold anywhere (a control or bidi character),
    /// whatever its field: what a JSON body's every string is screened for.
    public static func hasForbiddenCharacters(_ text: String, lineBreaks: Bool) -> Bool {
        text.unicodeScalars.contains { isControl($0, lineBreaks: lineBreaks) || isBidiControl($0) }
    }

    /// `text` with control and bidi characters replaced by U+FFFD, short enough to quote back in a
    /// message (at most 60 characters and an ellipsis).
    public static func printable(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
            isControl($0, lineBreaks: false) || isBidiControl($0) ? "\u{FFFD}" : $0
        }))
        return cleaned.count > 60 ? String(cleaned.prefix(60)) + "…" : cleaned
    }

    /// The rule as a JSON Schema (ECMA-262) pattern: no forbidden character anywhere and at least
    /// one visible one. `lineBreaks` allows tab, line feed and carriage return.
    public static func pattern(lineBreaks: Bool) -> String {
        let controls = lineBreaks ? #"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"# : #"\u0000-\u001f\u007f-\u009f"#
        let forbidden = controls + ranges(bidiControls)
        let hidden = #"\s\u0000-\u001f\u007f-\u009f"# + ranges(bidiControls) + ranges(invisibles)
        return "^[^\(forbidden)]*[^\(hidden)][^\(forbidden)]*$"
    }

    private static func ranges(_ list: [ClosedRange<UInt32>]) -> String {
        func escaped(_ value: UInt32) -> String {
            let hex = String(value, radix: 16)
            return #"\u"# + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return list.map { $0.lowerBound == $0.upperBound ? escaped($0.lowerBound) : "\(escaped($0.lowerBound))-\(escaped($0.upperBound))" }
            .joined()
    }
}
