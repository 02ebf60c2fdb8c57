import Foundation
import Logging
import SMTP
import Testing

/// The client against the real local SMTP server (aiosmtpd, filing each message under
/// `$OTOP_MAILDIR/new`), the stored file decoded with Python's `email` package.
@Suite("SMTP client against aiosmtpd")
struct ClientIntegrationTests {
    private let environment: IntegrationEnvironment
    private let client: SMTPClient

    init() throws {
        environment = try IntegrationEnvironment.load()
        client = SMTPClient(configuration: SMTPConfiguration(host: environment.host, port: environment.port),
                            logger: Logger(label: "smtp-integration-test"))
    }

    private func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    @Test("A Thai email arrives with subject, names, recipients, body and headers intact")
    func thaiEmail() async throws {
        let message = Fixtures.thaiMessage(to: [EmailAddress("somchai@example.org", name: "สมชาย ใจดี")])
        try await client.send(message)

        let file = try await environment.deliveredFile(messageID: message.messageID)
        let parsed = try PythonEmailParser.parse(file)
        #expect(parsed.subject == Fixtures.thaiSubject)
        #expect(parsed.from == [.init(name: "ระบบ OTOP STI", address: "noreply@otop.local")])
        #expect(parsed.to == [.init(name: "สมชาย ใจดี", address: "somchai@example.org")])
        #expect(parsed.envelopeRecipients == "somchai@example.org")
        #expect(parsed.messageID == "<\(message.messageID)>")
        #expect(parsed.date == message.date.timeIntervalSince1970.rounded(.down))
        #expect(parsed.contentType == "text/plain")
        #expect(normalized(parsed.text) == Fixtures.thaiBody)
        #expect(parsed.html == nil)
        #expect(parsed.eventID == "6f1c2a4e-0b7d-4b8e-9a51-3c2d1e0f9a77")
        #expect(parsed.defects.isEmpty, "python found defects: \(parsed.defects)")
    }

    @Test("An HTML alternative and several recipients arrive as multipart/alternative to each of them")
    func htmlToSeveralRecipients() async throws {
        let html = "<p>เรียน ผู้ประสานงาน</p>\n<p>มีข้อเสนองานใหม่ <b>OTP-2570-000123</b></p>\n.\n"
        let recipients = (1...3).map { EmailAddress("coordinator\($0)@university.ac.th", name: "ผู้ประสานงาน \($0)") }
        var message = Fixtures.thaiMessage(to: recipients, htmlBody: html)
        message.subject = String(repeating: "ข้อเสนองานใหม่สำหรับผู้ให้บริการ OTP-2570-000123 ", count: 5)
        try await client.send(message)

        let parsed = try PythonEmailParser.parse(try await environment.deliveredFile(messageID: message.messageID))
        #expect(parsed.contentType == "multipart/alternative")
        #expect(parsed.subject == message.subject)
        #expect(parsed.to == recipients.map { .init(name: $0.name!, address: $0.address) })
        #expect(parsed.envelopeRecipients == recipients.map(\.address).joined(separator: ", "))
        #expect(normalized(parsed.text) == Fixtures.thaiBody)
        #expect(normalized(try #require(parsed.html)) == html)
        #expect(parsed.maxLineLength <= 998)
        #expect(parsed.defects.isEmpty, "python found defects: \(parsed.defects)")
    }

    @Test("Twenty emails sent concurrently all arrive, each in its own file")
    func concurrentSends() async throws {
        let messages = (0..<20).map { _ in Fixtures.thaiMessage() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for message in messages {
                group.addTask { try await client.send(message) }
            }
            try await group.waitForAll()
        }
        let files = try await environment.deliveredFiles(messageIDs: messages.map(\.messageID))
        #expect(files.count == messages.count)
        #expect(Set(files.values).count == messages.count, "two messages share one file")
    }
}
