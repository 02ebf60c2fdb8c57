import Allocation
import Foundation
@testable import SMTP
import Testing

@Suite("MIME rendering")
struct MessageRenderingTests {
    @Test("A Thai text message is 7-bit, CRLF-only, and every header and the body decode back")
    func thaiTextMessage() throws {
        let message = Fixtures.thaiMessage()
        let bytes = message.renderedMIME()
        #expect(bytes.allSatisfy { $0 < 0x80 }, "the message is not 7-bit")
        let lines = try #require(MIMEDecoding.crlfLines(bytes), "the message has a bare CR or LF")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })

        let parsed = MIMEDecoding.parse(String(decoding: bytes, as: UTF8.self))
        #expect(parsed.header("Date") == "Wed, 25 Nov 2026 09:05:06 +0000")
        #expect(parsed.header("Message-ID") == "<\(message.messageID)>")
        #expect(parsed.header("MIME-Version") == "1.0")
        #expect(parsed.header("X-OTOP-Event-Id") == "6f1c2a4e-0b7d-4b8e-9a51-3c2d1e0f9a77")
        #expect(parsed.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(parsed.header("Content-Transfer-Encoding") == "base64")
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("Subject"))) == Fixtures.thaiSubject)
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("From"))) == "ระบบ OTOP STI <noreply@otop.local>")
        #expect(MIMEDecoding.decodeHeader(try #require(parsed.header("To"))) == "สมชาย ใจดี <somchai@example.org>")
        let body = try #require(MIMEDecoding.decodeBase64Body(parsed.body))
        #expect(body == Fixtures.thaiBody.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test("An HTML body makes a multipart/alternative with a text part then an HTML part")
    func multipartAlternative() throws {
        let html = "<p>ระบบได้รับคำขอ <b>OTP-2570-000123</b> แล้ว</p>"
        let message = Fixtures.thaiMessage(htmlBody: html)
        let text = String(decoding: message.renderedMIME(boundary: "=_test_boundary"), as: UTF8.self)
        let parsed = MIMEDecoding.parse(text)
        #expect(parsed.header("Content-Type") == "multipart/alternative; boundary=\"=_test_boundary\"")
        let sections = parsed.body.components(separatedBy: "--=_test_boundary")
        #expect(sections.count == 4)  // preamble, text, html, "--" epilogue
        #expect(sections[3] == "--\r\n")
        let textPart = MIMEDecoding.parse(String(sections[1].trimmingPrefix("\r\n")))
        let htmlPart = MIMEDecoding.parse(String(sections[2].trimmingPrefix("\r\n")))
        #expect(textPart.header("Content-Type") == "text/plain; charset=UTF-8")
        #expect(htmlPart.header("Content-Type") == "text/html; charset=UTF-8")
        #expect(MIMEDecoding.decodeBase64Body(textPart.body) == Fixtures.thaiBody.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(MIMEDecoding.decodeBase64Body(htmlPart.body) == html)
    }

    @Test("No line exceeds 998 characters, whatever the subject, recipients, headers and bodies")
    func lineLengthLimit() throws {
        var message = Fixtures.thaiMessage(
            to: (1...60).map { EmailAddress("coordinator\($0)@university-science-park.ac.th", name: "ผู้ประสานงานอุทยานวิทยาศาสตร์ \($0)") },
            htmlBody: "<p>" + String(repeating: "ข้อความยาวมากโดยไม่มีการขึ้นบรรทัดใหม่", count: 500) + "</p>"
        )
        message.subject = String(repeating: "ยืนยันการรับคำขอ OTP-2570-000123 ", count: 40)
        message.textBody = String(repeating: "x", count: 5_000)
        message.extraHeaders = [("X-OTOP-Correlation-Id", String(repeating: "c", count: 3_000)),
                                ("X-OTOP-Note", String(repeating: "หมายเหตุ ", count: 300))]
        let lines = try #require(MIMEDecoding.crlfLines(message.renderedMIME()))
        let longest = lines.map(\.utf8.count).max() ?? 0
        #expect(longest <= 998)
        #expect(longest <= 78, "the renderer should fold to 76-78 characters for all of this content")
        // Encoded-words stay within RFC 2047's 75 characters.
        let words = lines.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?") }
        #expect(!words.isEmpty)
        #expect(words.allSatisfy { $0.count <= 75 })
    }

    @Test("Body line breaks of any style are sent as CRLF")
    func canonicalLineBreaks() {
        #expect(MIMEBody.canonicalText("a\nb\r\nc\rd\n\ne") == Array("a\r\nb\r\nc\r\nd\r\n\r\ne".utf8))
    }

    @Test("The Date header follows RFC 5322 in UTC, also across leap days and before 1970")
    func rfc5322Dates() {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_795_597_506.9)) == "Wed, 25 Nov 2026 09:05:06 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 4_107_542_400)) == "Mon, 1 Mar 2100 00:00:00 +0000")  // 2100 is no leap year
    }

    @Test("The Date header matches Foundation's Gregorian calendar for 2,000 seeded random instants")
    func datesMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SplitMix64(seed: 2_570)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: TimeInterval(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let expected = String(format: "%@, %d %@ %d %02d:%02d:%02d +0000", weekdays[c.weekday! - 1], c.day!,
                                  months[c.month! - 1], c.year!, c.hour!, c.minute!, c.second!)
            #expect(RFC5322Date.format(date) == expected)
        }
    }
}
