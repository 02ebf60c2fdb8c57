import Foundation
import Logging
import SMTP
import TestSupport
import Testing

/// The client against a real local SMTP server with STARTTLS and AUTH (aiosmtpd with a certificate
/// from a CA the test makes with openssl; `scripts/standins/smtp_tls_server.py`). The server refuses
/// MAIL FROM before TLS and AUTH before TLS, and files each message with how it arrived.
@Suite("SMTP STARTTLS and AUTH against a local TLS server", .serialized)
struct StartTLSIntegrationTests {
    private func withServer(_ body: (ScriptServer, TestCertificates) async throws -> Void) async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("otop-smtp-tls-\(UUID().uuidString)")
        let server = try await ScriptServer(script: "smtp_tls_server.py", arguments: [
            "--cert", certificates.serverCertificateFile, "--key", certificates.serverKeyFile,
            "--maildir", folder.appendingPathComponent("mail").path, "--user", "otop", "--password", "s3cret-พาส",
        ], folder: folder)
        defer { server.stop() }
        try await body(server, certificates)
    }

    private func configuration(port: Int, host: String = "127.0.0.1", startTLS: SMTPStartTLSPolicy, trust: String?,
                               password: String = "s3cret-พาส") -> SMTPConfiguration {
        var configuration = SMTPConfiguration(host: host, port: port)
        configuration.startTLS = startTLS
        configuration.trustedCertificatesFile = trust
        configuration.username = "otop"
        configuration.password = password
        configuration.timeout = .seconds(10)
        return configuration
    }

    private func storedMessages(_ server: ScriptServer) -> [String] {
        let folder = server.folder.appendingPathComponent("mail/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    @Test("Required STARTTLS with the test CA: EHLO, STARTTLS, handshake, EHLO, AUTH PLAIN, the message arrives over TLS")
    func requiredTLSDelivers() async throws {
        try await withServer { server, certificates in
            for host in ["127.0.0.1", "localhost"] {
                let client = SMTPClient(configuration: configuration(port: server.port, host: host, startTLS: .required,
                                                                     trust: certificates.authorityFile),
                                        logger: Logger(label: "smtp-tls-test"))
                let message = Fixtures.thaiMessage()
                try await client.send(message)
                let stored = try await eventually("the message filed by the TLS server", timeout: .seconds(10)) {
                    storedMessages(server).first { $0.contains("Message-ID: <\(message.messageID)>") }
                }
                #expect(stored.contains("X-OTOP-TLS: yes"), "connecting to \(host)")
                #expect(stored.contains("X-OTOP-Auth-User: otop"))
                #expect(stored.contains("X-RcptTo: somchai@example.org"))
            }
        }
    }

    @Test("Opportunistic STARTTLS upgrades when the server offers it")
    func opportunisticUpgrades() async throws {
        try await withServer { server, certificates in
            let client = SMTPClient(configuration: configuration(port: server.port, startTLS: .opportunistic,
                                                                 trust: certificates.authorityFile),
                                    logger: Logger(label: "smtp-tls-test"))
            let message = Fixtures.thaiMessage()
            try await client.send(message)
            let stored = try await eventually("the message filed", timeout: .seconds(10)) {
                storedMessages(server).first { $0.contains(message.messageID) }
            }
            #expect(stored.contains("X-OTOP-TLS: yes"))
        }
    }

    @Test("A certificate from an untrusted CA fails the handshake (transient tlsFailed) and nothing is sent")
    func untrustedCertificate() async throws {
        try await withServer { server, _ in
            let client = SMTPClient(configuration: configuration(port: server.port, startTLS: .required, trust: nil),
                                    logger: Logger(label: "smtp-tls-test"))
            let error = await #expect(throws: SMTPError.self) { try await client.send(Fixtures.thaiMessage()) }
            #expect(error?.code == .tlsFailed)
            #expect(error?.stage == .startTLS)
            #expect(error?.isPermanent == false)
            #expect(storedMessages(server).isEmpty)
        }
    }

    @Test("A wrong password is refused at AUTH, after TLS, permanently")
    func wrongPassword() async throws {
        try await withServer { server, certificates in
            let client = SMTPClient(configuration: configuration(port: server.port, startTLS: .required,
                                                                 trust: certificates.authorityFile, password: "wrong"),
                                    logger: Logger(label: "smtp-tls-test"))
            let error = await #expect(throws: SMTPError.self) { try await client.send(Fixtures.thaiMessage()) }
            #expect(error?.code == .rejected)
            #expect(error?.stage == .auth)
            #expect(error?.reply?.code == 535)
            #expect(error?.isPermanent == true)
            #expect(storedMessages(server).isEmpty)
        }
    }

    @Test("Required STARTTLS against a server that does not offer it fails before MAIL FROM (permanent tlsUnavailable)")
    func requiredAgainstPlainServer() async throws {
        let environment = try IntegrationEnvironment.load()
        var plain = SMTPConfiguration(host: environment.host, port: environment.port)
        plain.startTLS = .required
        let error = await #expect(throws: SMTPError.self) {
            try await SMTPClient(configuration: plain, logger: Logger(label: "smtp-tls-test")).send(Fixtures.thaiMessage())
        }
        #expect(error?.code == .tlsUnavailable)
        #expect(error?.isPermanent == true)
    }
}
