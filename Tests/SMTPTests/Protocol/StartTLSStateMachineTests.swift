import Testing
@testable import SMTP

@Suite("SMTP state machine: STARTTLS")
struct StartTLSStateMachineTests {
    enum Step: Equatable {
        case send(String)
        case startTLS
        case failed(code: SMTPError.Code, stage: SMTPError.Stage, replyCode: Int?)
        case other
    }

    private func step(_ action: SMTPStateMachine.Action) -> Step {
        switch action {
        case .send(let command): .send(command.line)
        case .startTLS: .startTLS
        case .finish(.failure(let error)): .failed(code: error.code, stage: error.stage, replyCode: error.reply?.code)
        default: .other
        }
    }

    private func reply(_ code: Int, _ lines: String...) -> SMTPReply {
        SMTPReply(code: code, lines: lines.isEmpty ? [""] : lines)
    }

    private func machine(_ policy: SMTPStartTLSPolicy, credentials: SMTPCredentials? = nil) -> SMTPStateMachine {
        SMTPStateMachine(heloName: "otop-notifications", startTLS: policy, credentials: credentials,
                         sender: "noreply@otop.local", recipients: ["a@example.org"])
    }

    @Test("Offered STARTTLS: STARTTLS, handshake, EHLO again, then AUTH from the new capabilities only")
    func upgradeThenAuthenticate() {
        var sm = machine(.opportunistic, credentials: SMTPCredentials(username: "user", password: "pass"))
        _ = sm.replyReceived(reply(220))
        // Before TLS the server offers no AUTH at all; after TLS it offers PLAIN.
        #expect(step(sm.replyReceived(reply(250, "host", "STARTTLS", "8BITMIME"))) == .send("STARTTLS\r\n"))
        #expect(step(sm.replyReceived(reply(220, "2.0.0 ready to start TLS"))) == .startTLS)
        #expect(sm.isEncrypted == false)
        #expect(step(sm.tlsEstablished()) == .send("EHLO otop-notifications\r\n"))
        #expect(sm.isEncrypted)
        #expect(sm.capabilities.keywords.isEmpty, "capabilities from before TLS are forgotten")
        #expect(step(sm.replyReceived(reply(250, "host", "AUTH PLAIN LOGIN", "STARTTLS"))) == .send("AUTH PLAIN AHVzZXIAcGFzcw==\r\n"))
        #expect(step(sm.replyReceived(reply(235))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))
    }

    @Test("Required STARTTLS against a server without it: QUIT, then a permanent tlsUnavailable; no AUTH, no MAIL FROM")
    func requiredButNotOffered() {
        var sm = machine(.required, credentials: SMTPCredentials(username: "user", password: "pass"))
        _ = sm.replyReceived(reply(220))
        #expect(step(sm.replyReceived(reply(250, "host", "AUTH PLAIN"))) == .send("QUIT\r\n"))
        let end = sm.replyReceived(reply(221))
        #expect(step(end) == .failed(code: .tlsUnavailable, stage: .startTLS, replyCode: nil))
        if case .finish(.failure(let error)) = end { #expect(error.isPermanent) }
    }

    @Test("Required STARTTLS after a HELO fallback fails the same way")
    func requiredAfterHelo() {
        var sm = machine(.required)
        _ = sm.replyReceived(reply(220))
        _ = sm.replyReceived(reply(502))
        #expect(step(sm.replyReceived(reply(250))) == .send("QUIT\r\n"))
        #expect(step(sm.replyReceived(reply(221))) == .failed(code: .tlsUnavailable, stage: .startTLS, replyCode: nil))
    }

    @Test("Opportunistic without an offer goes on in plain text; off never sends STARTTLS even when offered")
    func plainPaths() {
        var opportunistic = machine(.opportunistic)
        _ = opportunistic.replyReceived(reply(220))
        #expect(step(opportunistic.replyReceived(reply(250, "host", "8BITMIME"))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))

        var off = machine(.off)
        _ = off.replyReceived(reply(220))
        #expect(step(off.replyReceived(reply(250, "host", "STARTTLS"))) == .send("MAIL FROM:<noreply@otop.local>\r\n"))
    }

    @Test("A refused STARTTLS is an error even when opportunistic (no silent downgrade); 454 is transient")
    func refusedStartTLS() {
        var sm = machine(.opportunistic)
        _ = sm.replyReceived(reply(220))
        _ = sm.replyReceived(reply(250, "host", "STARTTLS"))
        #expect(step(sm.replyReceived(reply(454, "4.7.0 TLS not available"))) == .send("QUIT\r\n"))
        let end = sm.replyReceived(reply(221))
        #expect(step(end) == .failed(code: .rejected, stage: .startTLS, replyCode: 454))
        if case .finish(.failure(let error)) = end { #expect(!error.isPermanent) }
    }

    @Test("A broken handshake is tlsFailed (transient); a reply during the handshake is a protocol violation")
    func handshakeFailures() {
        var broken = machine(.required)
        for r in [reply(220), reply(250, "host", "STARTTLS"), reply(220)] { _ = broken.replyReceived(r) }
        let end = broken.failed(.connectionClosed, detail: "handshake failed: certificate verify failed")
        #expect(step(end) == .failed(code: .tlsFailed, stage: .startTLS, replyCode: nil))
        if case .finish(.failure(let error)) = end { #expect(!error.isPermanent) }

        var chatty = machine(.required)
        for r in [reply(220), reply(250, "host", "STARTTLS"), reply(220)] { _ = chatty.replyReceived(r) }
        #expect(step(chatty.replyReceived(reply(250, "injected"))) == .failed(code: .protocolViolation, stage: .startTLS, replyCode: nil))

        var slow = machine(.required)
        for r in [reply(220), reply(250, "host", "STARTTLS"), reply(220)] { _ = slow.replyReceived(r) }
        #expect(step(slow.timedOut()) == .failed(code: .timeout, stage: .startTLS, replyCode: nil))
    }
}
