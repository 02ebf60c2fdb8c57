import AsyncHTTPClient
import Contracts
import Foundation
import SMTP
import Testing
@testable import NotificationsService

@Suite("Retry classification per channel")
struct FailureRulesTests {
    @Test("HTTP channels: 2xx delivered; 429, 408 and 5xx transient; any other 4xx permanent")
    func httpStatuses() {
        #expect(HTTPFailureRules.failure(status: 200, channel: "LINE") == nil)
        #expect(HTTPFailureRules.failure(status: 202, channel: "LINE") == nil)
        for status in [429, 408, 500, 502, 503] {
            #expect(HTTPFailureRules.failure(status: status, channel: "SMS gateway")?.kind == .transient, "\(status)")
        }
        for status in [400, 401, 403, 404, 410, 422] {
            #expect(HTTPFailureRules.failure(status: status, channel: "SMS gateway")?.kind == .permanent, "\(status)")
        }
    }

    @Test("HTTP errors: timeouts and connection trouble transient, an unusable URL permanent")
    func httpErrors() {
        #expect(HTTPFailureRules.failure(error: HTTPClientError.readTimeout, channel: "LINE").kind == .transient)
        #expect(HTTPFailureRules.failure(error: HTTPClientError.connectTimeout, channel: "LINE").kind == .transient)
        #expect(HTTPFailureRules.failure(error: HTTPClientError.remoteConnectionClosed, channel: "LINE").kind == .transient)
        #expect(HTTPFailureRules.failure(error: HTTPClientError.invalidURL, channel: "LINE").kind == .permanent)
    }

    struct FailingMailer: Mailer {
        let error: SMTPError
        func send(_ message: EmailMessage) async throws(SMTPError) { throw error }
    }

    private func email(_ error: SMTPError) async -> DeliveryFailure? {
        let sender = EmailSender(mailer: FailingMailer(error: error), from: EmailAddress("no-reply@otop-sti.local"))
        let message = OutgoingMessage(id: UUID(), template: .requestReceived,
                                      recipients: [Addressee(name: "สมศรี", address: "somsri@example.org")],
                                      content: RenderedMessage(subject: "s", text: "t", html: "<p>t</p>", sms: nil, line: nil),
                                      requestReference: nil)
        do {
            try await sender.send(message)
            return nil
        } catch {
            return error
        }
    }

    @Test("E-mail: a rejected address (5xx) and a missing required STARTTLS are permanent; 4xx, timeouts and TLS failures transient")
    func emailFailures() async {
        let rejected = SMTPError(code: .rejected, stage: .rcptTo, reply: SMTPReply(code: 550, lines: ["5.1.1 no such user"]))
        #expect(await email(rejected)?.kind == .permanent)
        let busy = SMTPError(code: .rejected, stage: .mailFrom, reply: SMTPReply(code: 451, lines: ["try later"]))
        #expect(await email(busy)?.kind == .transient)
        #expect(await email(SMTPError(code: .timeout, stage: .greeting))?.kind == .transient)
        #expect(await email(SMTPError(code: .tlsFailed, stage: .startTLS))?.kind == .transient)
        #expect(await email(SMTPError(code: .tlsUnavailable, stage: .startTLS))?.kind == .permanent)
    }
}
