import Testing
@testable import SMTP

@Suite("SMTP errors")
struct SMTPErrorTests {
    @Test("5xx refusals and unusable messages are permanent; 4xx, connection trouble and timeouts are transient")
    func permanence() {
        #expect(SMTPError(code: .rejected, stage: .rcptTo, reply: SMTPReply(code: 550, lines: ["no"])).isPermanent)
        #expect(!SMTPError(code: .rejected, stage: .mailFrom, reply: SMTPReply(code: 451, lines: ["later"])).isPermanent)
        #expect(!SMTPError(code: .connectionFailed, stage: .connect).isPermanent)
        #expect(!SMTPError(code: .timeout, stage: .message).isPermanent)
        #expect(!SMTPError(code: .connectionClosed, stage: .greeting).isPermanent)
        #expect(SMTPError(code: .invalidMessage, stage: .compose).isPermanent)
        #expect(SMTPError(code: .authenticationUnavailable, stage: .auth).isPermanent)
    }

    @Test("The description names step, recipient position, reply and permanence, but no address")
    func description() {
        let error = SMTPError(code: .rejected, stage: .rcptTo,
                              reply: SMTPReply(code: 550, lines: ["5.1.1 <somchai@example.org>: Recipient address rejected"]),
                              recipientIndex: 1, recipientCount: 3)
        #expect(error.description
            == "SMTP RCPT TO (recipient 2 of 3) failed: rejected by the server: server replied 550 5.1.1 <redacted> Recipient address rejected (permanent)")
    }
}
