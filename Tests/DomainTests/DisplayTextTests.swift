import Domain
import Foundation
import Testing

/// One text rule for every name officers read (issue 16, point 6): no control or bidirectional
/// formatting characters, something visible; and its JSON Schema pattern says the same.
@Suite("Display text rule")
struct DisplayTextTests {
    @Test("a bidi override, an isolate or a mark is refused wherever it stands",
          arguments: ["\u{202E}exe.txt", "วิสาหกิจ\u{202E}ชุมชน", "a\u{2066}b\u{2069}", "\u{200F}ชื่อ", "x\u{061C}"])
    func bidi(text: String) {
        #expect(DisplayText.problem(in: text, lineBreaks: false) == .bidiControl)
        #expect(DisplayText.hasForbiddenCharacters(text, lineBreaks: true))
    }

    @Test("only white space and zero-width characters is not a name",
          arguments: ["\u{200B}", "\u{200B}\u{200C}\u{200D}", " \u{FEFF} ", "\u{2060}\u{00AD}", "\u{3164}", " \u{00A0}\u{3000}"])
    func invisible(text: String) {
        #expect(DisplayText.problem(in: text, lineBreaks: false) == .invisibleOnly)
        #expect(!DisplayText.hasForbiddenCharacters(text, lineBreaks: false), "allowed inside a text, not as all of it")
    }

    @Test("Thai names pass, a zero-width space inside one too (Thai text carries it as a word break)",
          arguments: ["วิสาหกิจชุมชนกลุ่มแม่บ้านบ้านแม่ริม", "น้ำพริก\u{200B}หนุ่ม", "ดร.วิภาวี ศรีสุข", "O'Brien & Sons (ไทย)"])
    func accepted(text: String) {
        #expect(DisplayText.problem(in: text, lineBreaks: false) == nil)
    }

    @Test("control characters are refused; line breaks only where allowed")
    func controls() {
        #expect(DisplayText.problem(in: "a\u{0}b", lineBreaks: true) == .controlCharacter)
        #expect(DisplayText.problem(in: "a\nb", lineBreaks: false) == .controlCharacter)
        #expect(DisplayText.problem(in: "a\nb", lineBreaks: true) == nil)
        #expect(DisplayText.printable("a\u{202E}b\u{0}") == "a\u{FFFD}b\u{FFFD}")
    }

    /// Every text of up to three pieces, each piece from one class the rule tells apart.
    static let samples: [String] = {
        let pieces = ["a", "ก", " ", "\u{200B}", "\u{FEFF}", "\u{202E}", "\u{2067}", "\u{200E}", "\n", "\t", "\u{0}", "\u{85}",
                      "\u{00A0}", "\u{3000}", "\u{00AD}", "é", "🙂", "\u{180E}", "\u{3164}", "\u{2028}"]
        var result = [""]
        var previous = [""]
        for _ in 1...3 {
            previous = previous.flatMap { prefix in pieces.map { prefix + $0 } }
            result += previous
        }
        return result
    }()

    @Test("the document's pattern is the rule", arguments: [false, true])
    func pattern(lineBreaks: Bool) throws {
        // ICU reads \uhhhh as JSON Schema's ECMA-262 dialect does.
        let regex = try NSRegularExpression(pattern: DisplayText.pattern(lineBreaks: lineBreaks))
        for text in Self.samples {
            let whole = NSRange(text.startIndex..., in: text)
            let matches = regex.firstMatch(in: text, range: whole)?.range == whole
            #expect(matches == (DisplayText.problem(in: text, lineBreaks: lineBreaks) == nil),
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
