import Allocation
import Foundation
@testable import SMTP
import Testing

@Suite("DATA transparency (dot-stuffing)")
struct DotStuffingTests {
    private func stuffed(_ text: String) -> String {
        String(decoding: SMTPDataEncoding.dotStuffed(Array(text.utf8)), as: UTF8.self)
    }

    @Test("Lines starting with a dot get a second dot; the end-of-data line is appended")
    func leadingDots() {
        #expect(stuffed(".first\r\nmiddle\r\n.\r\n..two\r\nlast.\r\n") == "..first\r\nmiddle\r\n..\r\n...two\r\nlast.\r\n.\r\n")
    }

    @Test("Dots inside a line, or after a bare LF, are left alone")
    func onlyAtLineStart() {
        #expect(stuffed("a.b\r\nc .d\r\n") == "a.b\r\nc .d\r\n.\r\n")
        #expect(stuffed("a\n.b\r\n") == "a\n.b\r\n.\r\n")
    }

    @Test("A message without a final CRLF gets one before the end-of-data line")
    func finalLineBreak() {
        #expect(stuffed("no newline") == "no newline\r\n.\r\n")
        #expect(stuffed("") == "\r\n.\r\n")
    }

    @Test("Un-stuffing the sent data gives back the original exactly, for messages and seeded random dot-heavy text")
    func roundTrip() throws {
        var inputs = [Fixtures.thaiMessage(htmlBody: "<p>.</p>").renderedMIME()]
        var generator = SplitMix64(seed: 998)
        let pieces = [".", "..", "a", "ก", " ", "\r\n", "\r\n."]
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 1...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            inputs.append(Array((text.hasSuffix("\r\n") ? text : text + "\r\n").utf8))
        }
        for input in inputs {
            let sent = SMTPDataEncoding.dotStuffed(input)
            #expect(Array(sent.suffix(5)) == Array("\r\n.\r\n".utf8))
            let lines = try #require(MIMEDecoding.crlfLines(Array(sent.dropLast(3))))
            #expect(!lines.contains("."), "a content line would end the data early")
            let unstuffed = lines.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }.joined(separator: "\r\n") + "\r\n"
            #expect(Array(unstuffed.utf8) == input)
        }
    }
}
