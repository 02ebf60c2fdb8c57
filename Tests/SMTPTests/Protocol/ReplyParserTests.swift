import Testing
@testable import SMTP

@Suite("SMTP reply parsing")
struct ReplyParserTests {
    private func replies(_ chunks: [String]) throws -> [SMTPReply] {
        var parser = SMTPReplyParser()
        var result: [SMTPReply] = []
        for chunk in chunks {
            parser.append(Array(chunk.utf8))
            while let reply = try parser.nextReply() { result.append(reply) }
        }
        return result
    }

    @Test("A multi-line EHLO reply is one reply with every line")
    func multiLine() throws {
        let parsed = try replies(["250-mail.example.org Hello\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n"])
        #expect(parsed == [SMTPReply(code: 250, lines: ["mail.example.org Hello", "PIPELINING", "AUTH PLAIN LOGIN", "8BITMIME"])])
    }

    @Test("Replies split across reads, several per read, bare LF and a bare code all parse")
    func splitReads() throws {
        let parsed = try replies(["22", "0 ready\r", "\n250-a\r\n25", "0 b\r\n354\n221 bye\r\n"])
        #expect(parsed == [
            SMTPReply(code: 220, lines: ["ready"]),
            SMTPReply(code: 250, lines: ["a", "b"]),
            SMTPReply(code: 354, lines: [""]),
            SMTPReply(code: 221, lines: ["bye"]),
        ])
    }

    @Test("Garbage, codes out of range and a code changing inside a reply are protocol violations")
    func violations() {
        #expect(throws: SMTPReplyParser.Violation.self) { try replies(["HTTP/1.1 400 Bad Request\r\n"]) }
        #expect(throws: SMTPReplyParser.Violation.self) { try replies(["199 too low\r\n"]) }
        #expect(throws: SMTPReplyParser.Violation.self) { try replies(["250-a\r\n251 b\r\n"]) }
        #expect(throws: SMTPReplyParser.Violation.self) { try replies(["250*what\r\n"]) }
        #expect(throws: SMTPReplyParser.Violation.self) { try replies([String(repeating: "2", count: 5_000)]) }
    }

    @Test("EHLO capabilities: keywords and AUTH mechanisms, including the old AUTH= form")
    func capabilities() {
        let modern = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["host", "STARTTLS", "auth plain login", "SIZE 1000"]))
        #expect(modern.keywords == ["STARTTLS", "AUTH", "SIZE"])
        #expect(modern.authMechanisms == ["PLAIN", "LOGIN"])
        let old = SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["host", "AUTH=LOGIN CRAM-MD5"]))
        #expect(old.authMechanisms == ["LOGIN", "CRAM-MD5"])
    }

    @Test("A reply's description masks addresses the server echoes")
    func redaction() {
        let reply = SMTPReply(code: 550, lines: ["5.1.1 <somchai@example.org>: Recipient address rejected"])
        #expect(reply.description == "550 5.1.1 <redacted> Recipient address rejected")
    }
}
