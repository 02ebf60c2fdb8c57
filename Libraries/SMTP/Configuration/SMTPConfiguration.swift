/// Where and how ``SMTPClient`` submits mail.
///
/// The client upgrades to TLS with `STARTTLS` when the server offers it (``startTLS``, required when
/// configured so) and verifies the server's certificate against the system's roots or
/// ``trustedCertificatesFile``; see docs/smtp.md.
public struct SMTPConfiguration: Sendable {
    /// The SMTP server's host name or IP address.
    public var host: String
    /// The SMTP server's TCP port (25, 587 or a local catcher's port such as 1025).
    public var port: Int
    /// The name sent with `EHLO` (and `HELO` when the server does not know `EHLO`).
    ///
    /// Must be a domain-like token: printable ASCII without spaces. Defaults to `"otop-notifications"`.
    public var heloName: String
    /// The user name for `AUTH`. The client authenticates only when both this and ``password`` are set.
    public var username: String?
    /// The password for `AUTH`. Never logged.
    public var password: String?
    /// The longest wait for the connection, the greeting, the TLS handshake and each command's reply.
    /// Defaults to 30 seconds.
    public var timeout: Duration
    /// When to upgrade with `STARTTLS`. Defaults to ``SMTPStartTLSPolicy/opportunistic``.
    public var startTLS: SMTPStartTLSPolicy
    /// A PEM file of the certificate authorities to trust instead of the system's (a private CA, a
    /// test's own). The server's certificate is always verified, with its host name.
    public var trustedCertificatesFile: String?
    /// The name the server's certificate must carry; defaults to ``host`` (an IP address is checked
    /// against the certificate's IP entries).
    public var tlsServerName: String?

    /// A configuration for `host:port` with the defaults: EHLO name `otop-notifications`, no
    /// authentication, a 30-second timeout per command, `STARTTLS` when offered, the system's trust roots.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.heloName = "otop-notifications"
        self.username = nil
        self.password = nil
        self.timeout = .seconds(30)
        self.startTLS = .opportunistic
        self.trustedCertificatesFile = nil
        self.tlsServerName = nil
    }
}
