import Foundation
import Logging
import SMTP
import TestSupport
import Testing

/// STARTTLS corner cases that need a misbehaving server (the scripted POSIX-socket fake).
@Suite("SMTP client: STARTTLS against scripted servers")
struct StartTLSInjectionTests {
    private func client(port: Int, startTLS: SMTPStartTLSPolicy) -> SMTPClient {
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: port)
        configuration.timeout = .seconds(5)
        configuration.startTLS = startTLS
        return SMTPClient(configuration: configuration, logger: Logger(label: "smtp-starttls-test"))
    }

    @Test("Plain-text bytes sent with STARTTLS's 220 (command injection) end the conversation before any handshake")
    func injectedReplyAfterStartTLS() async throws {
        let server = try FakeSMTPServer { line in
            switch line {
            case let l where l.hasPrefix("EHLO"): "250-fake.test\r\n250 STARTTLS"
            case "STARTTLS": "220 2.0.0 go ahead\r\n250 injected while still in plain text"
            default: nil
            }
        }
        let error = await #expect(throws: SMTPError.self) {
            try await client(port: server.port, startTLS: .opportunistic).send(Fixtures.thaiMessage())
        }
        #expect(error?.code == .protocolViolation)
        #expect(error?.stage == .startTLS)
        #expect(server.commands == ["EHLO otop-notifications", "STARTTLS"])
    }
}
