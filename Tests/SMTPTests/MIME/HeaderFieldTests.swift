import Foundation
import Testing
@testable import SMTP

@Suite("Header fields")
struct HeaderFieldTests {
    @Test("Short plain ASCII stays readable and unencoded")
    func plainASCII() {
        #expect(HeaderField.unstructured(name: "Subject", value: "Request OTP-2570-000123 received")
            == "Subject: Request OTP-2570-000123 received\r\n")
    }

    @Test("A long Thai subject folds into lines of at most 76 characters that unfold to the text")
    func thaiSubjectFolds() throws {
        let subject = String(repeating: "ยืนยันการรับคำขอ OTP-2570-000123 ", count: 6)
        let field = HeaderField.unstructured(name: "Subject", value: subject)
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let parsed = MIMEDecoding.parse(field + "\r\n")
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("Subject"))) == subject)
    }

    @Test("Line breaks in a value become spaces, so no header can be injected")
    func noHeaderInjection() throws {
        let field = HeaderField.unstructured(name: "Subject", value: "Hello\r\nBcc: victim@example.org")
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first?.hasPrefix("Subject: ") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        let parsed = MIMEDecoding.parse(field + "\r\n")
        #expect(parsed.headers.count == 1)
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("Subject"))) == "Hello  Bcc: victim@example.org")
    }

    @Test("Text that looks like an encoded-word, or has a very long word, is encoded rather than sent raw")
    func ambiguousTextIsEncoded() throws {
        let lookalike = HeaderField.unstructured(name: "Subject", value: "=?UTF-8?B?abc?= is literal")
        #expect(lookalike.hasPrefix("Subject: =?UTF-8?B?"))
        let token = String(repeating: "x", count: 2_000)
        let long = HeaderField.unstructured(name: "X-OTOP-Trace", value: token)
        #expect(long.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        let parsed = MIMEDecoding.parse(long + "\r\n")
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("X-OTOP-Trace"))) == token)
    }

    @Test("Display names: atoms as they are, specials quoted, Thai as encoded-words; lists fold at mailboxes")
    func addressLists() throws {
        #expect(HeaderField.addressList(name: "From", [EmailAddress("noreply@otop.local", name: "OTOP STI")])
            == "From: OTOP STI <noreply@otop.local>\r\n")
        #expect(HeaderField.addressList(name: "From", [EmailAddress("noreply@otop.local", name: "Dr. \"Somchai\"")])
            == "From: \"Dr. \\\"Somchai\\\"\" <noreply@otop.local>\r\n")
        #expect(HeaderField.addressList(name: "To", [EmailAddress("a@example.org")]) == "To: <a@example.org>\r\n")

        let mailboxes = (1...8).map { EmailAddress("contact\($0)@example.org", name: "วิสาหกิจชุมชนบ้านดอนที่ \($0)") }
        let field = HeaderField.addressList(name: "To", mailboxes)
        let lines = field.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 })
        for index in 1...8 { #expect(field.contains("<contact\(index)@example.org>")) }
        let toHeader = try #require(MIMEDecoding.parse(field + "\r\n").header("To"))
        let decodedNames = try #require(MIMEDecoding.decodeHeader(toHeader))
        #expect(decodedNames.contains("วิสาหกิจชุมชนบ้านดอนที่ 8 <contact8@example.org>"))
    }
}
