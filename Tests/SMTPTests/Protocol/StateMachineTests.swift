import Testing
@testable import SMTP

@Suite("SMTP state machine")
struct StateMachineTests {
    /// What an action amounts to, comparable in expectations.
    enum Step: Equatable {
        case send(String)
        case sendMessage
        case startTLS
        case delivered
        case failed(code: SMTPError.Code, stage: SMTPError.Stage, replyCode: Int?, recipientIndex: Int?)
        case none
    }

    private func step(_ action: SMTPStateMachine.Action) -> Step {
        switch action {
        case .send(let command): .send(command.line)
        case .sendMessage: .sendMessage
        case .startTLS: .startTLS
        case .finish(.success): .delivered
        case .finish(.failure(let error)): .failed(code: error.code, stage: error.stage, replyCode: error.reply?.code, recipientIndex: error.recipientIndex)
        case .none: .none
        }
    }

    private func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines.isEmpty ? [""] : lines)
    }

    private func machine(credentials: SMTPCredentials? = nil, recipients: [String] = ["a@example.org", "b@example.org"]) -> SMTPStateMachine {
        SMTPStateMachine(heloName: "otop-notifications", credentials: credentials, sender: "noreply@otop.local", recipients: recipients)
    }

    @Test("Happy path: EHLO, MAIL FROM, RCPT TO each recipient, DATA, content, QUIT, delivered")
    func happyPath() {
        var sm = machine()
        #expect(step(sm.replyReceived(reply(220, "ready"))) == .send("EHLO otop-notifications\r\n"))
        #expect(step(sm.replyReceived(reply(250, "hello", "8BITMIME"))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))
        #expect(step(sm.replyReceived(reply(250, "ok"))) == .send("RCPT TO:<a@example.org>\r\n"))
        #expect(step(sm.replyReceived(reply(250, "ok"))) == .send("RCPT TO:<b@example.org>\r\n"))
        #expect(step(sm.replyReceived(reply(251, "will forward"))) == .send("DATA\r\n"))
        #expect(step(sm.replyReceived(reply(354, "go ahead"))) == .sendMessage)
        #expect(step(sm.replyReceived(reply(250, "queued"))) == .send("QUIT\r\n"))
        #expect(step(sm.replyReceived(reply(221, "bye"))) == .delivered)
        #expect(step(sm.connectionClosed()) == .none)
    }

    @Test("After the content is accepted, a lost QUIT reply still counts as delivered")
    func quitProblemsDoNotMatter() {
        var sm = machine(recipients: ["a@example.org"])
        for r in [reply(220), reply(250), reply(250), reply(250), reply(354), reply(250)] { _ = sm.replyReceived(r) }
        #expect(step(sm.timedOut()) == .delivered)
    }

    @Test("EHLO refused with 5xx falls back to HELO")
    func heloFallback() {
        var sm = machine()
        _ = sm.replyReceived(reply(220))
        #expect(step(sm.replyReceived(reply(502, "command not implemented"))) == .send("HELO otop-notifications\r\n"))
        #expect(step(sm.replyReceived(reply(250))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))
    }

    @Test("AUTH PLAIN sends the initial response when the server offers PLAIN")
    func authPlain() {
        var sm = machine(credentials: SMTPCredentials(username: "user", password: "pass"))
        _ = sm.replyReceived(reply(220))
        #expect(step(sm.replyReceived(reply(250, "host", "AUTH LOGIN PLAIN"))) == .send("AUTH PLAIN AHVzZXIAcGFzcw==\r\n"))
        #expect(step(sm.replyReceived(reply(235, "2.7.0 ok"))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))
    }

    @Test("AUTH LOGIN answers the user name and password prompts in base64")
    func authLogin() {
        var sm = machine(credentials: SMTPCredentials(username: "user", password: "pass"))
        _ = sm.replyReceived(reply(220))
        #expect(step(sm.replyReceived(reply(250, "host", "AUTH LOGIN"))) == .send("AUTH LOGIN\r\n"))
        #expect(step(sm.replyReceived(reply(334, "VXNlcm5hbWU6"))) == .send("dXNlcg==\r\n"))
        #expect(step(sm.replyReceived(reply(334, "UGFzc3dvcmQ6"))) == .send("cGFzcw==\r\n"))
        #expect(step(sm.replyReceived(reply(535, "5.7.8 bad credentials"))) == .send("QUIT\r\n"))
        #expect(step(sm.replyReceived(reply(221))) == .failed(code: .rejected, stage: .auth, replyCode: 535, recipientIndex: nil))
    }

    @Test("Credentials without any usable AUTH on offer fail permanently after QUIT")
    func authUnavailable() {
        var sm = machine(credentials: SMTPCredentials(username: "user", password: "pass"))
        _ = sm.replyReceived(reply(220))
        #expect(step(sm.replyReceived(reply(250, "host", "AUTH CRAM-MD5"))) == .send("QUIT\r\n"))
        #expect(step(sm.connectionClosed()) == .failed(code: .authenticationUnavailable, stage: .auth, replyCode: nil, recipientIndex: nil))
    }

    @Test("A refused recipient ends the transaction before DATA, naming RCPT TO and the recipient")
    func recipientRefused() {
        var sm = machine()
        for r in [reply(220), reply(250), reply(250), reply(250)] { _ = sm.replyReceived(r) }
        #expect(step(sm.replyReceived(reply(550, "5.1.1 no such user"))) == .send("QUIT\r\n"))
        #expect(step(sm.replyReceived(reply(221))) == .failed(code: .rejected, stage: .rcptTo, replyCode: 550, recipientIndex: 1))
    }

    @Test("421 ends at once without QUIT; a timeout or closed connection names the step in progress")
    func abruptEnds() {
        var a = machine()
        _ = a.replyReceived(reply(220))
        #expect(step(a.replyReceived(reply(421, "shutting down"))) == .failed(code: .rejected, stage: .ehlo, replyCode: 421, recipientIndex: nil))

        var b = machine()
        for r in [reply(220), reply(250), reply(250), reply(250), reply(250)] { _ = b.replyReceived(r) }
        #expect(step(b.timedOut()) == .failed(code: .timeout, stage: .data, replyCode: nil, recipientIndex: nil))

        var c = machine()
        #expect(step(c.connectionClosed()) == .failed(code: .connectionClosed, stage: .greeting, replyCode: nil, recipientIndex: nil))
        #expect(step(c.replyReceived(reply(220))) == .none)
    }

    @Test("A reply of the wrong kind for the step is a protocol violation")
    func unexpectedReply() {
        var sm = machine()
        _ = sm.replyReceived(reply(220))
        _ = sm.replyReceived(reply(250))
        #expect(step(sm.replyReceived(reply(354, "go ahead"))) == .send("QUIT\r\n"))
        #expect(step(sm.connectionClosed()) == .failed(code: .protocolViolation, stage: .mailFrom, replyCode: 354, recipientIndex: nil))
    }
}
