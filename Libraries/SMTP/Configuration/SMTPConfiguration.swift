/// Where and how ``SMTPClient`` submits mail.
///
/// The client speaks plain SMTP (no STARTTLS yet, see docs/smtp.md): use it against a relay on a
/// trusted network (a cluster-local relay, a sidecar, the compose network's mail catcher).
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
    /// The longest wait for the connection, the greeting and each command's reply. Defaults to 30 seconds.
    public var timeout: Duration

    /// A configuration for `host:port` with the defaults: EHLO name `otop-notifications`, no
    /// authentication, a 30-second timeout per command.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.heloName = "otop-notifications"
        self.username = nil
        self.password = nil
        self.timeout = .seconds(30)
    }
}
