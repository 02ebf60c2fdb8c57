import NIOCore
import NIOSSL
import Synchronization

/// The TLS side of ``SMTPClient``: one `NIOSSLContext` per client (loading trust roots is not free),
/// made on first use, and a fresh `NIOSSLClientHandler` per connection. Certificates are always
/// verified, host name included.
final class SMTPTLSContext: Sendable {
    private let configuration: SMTPConfiguration
    private let context = Mutex<NIOSSLContext?>(nil)

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// The handler that encrypts one connection to the configured server.
    func makeHandler() throws(SMTPError) -> NIOSSLClientHandler {
        let sslContext = try sharedContext()
        let name = configuration.tlsServerName ?? configuration.host
        // An IP address is not allowed in SNI: NIOSSL then checks the peer's address against the
        // certificate's IP entries instead of a name.
        let serverHostname: String? = (try? SocketAddress(ipAddress: name, port: 0)) == nil ? name : nil
        do {
            return try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
        } catch {
            throw SMTPError(code: .invalidConfiguration, stage: .startTLS, detail: "the TLS server name is not usable: \(error)")
        }
    }

    private func sharedContext() throws(SMTPError) -> NIOSSLContext {
        let result = context.withLock { cached -> Result<NIOSSLContext, SMTPError> in
            if let cached { return .success(cached) }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            if let file = configuration.trustedCertificatesFile { tls.trustRoots = .file(file) }
            do {
                let made = try NIOSSLContext(configuration: tls)
                cached = made
                return .success(made)
            } catch {
                return .failure(SMTPError(code: .invalidConfiguration, stage: .startTLS,
                                          detail: "the TLS settings cannot be loaded (trusted certificates file?): \(error)"))
            }
        }
        return try result.get()
    }
}
