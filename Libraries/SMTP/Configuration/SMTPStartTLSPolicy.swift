/// Whether the client upgrades the connection with `STARTTLS` (RFC 3207) before authenticating and
/// sending. Configured in the notifications service by `SMTP_STARTTLS`.
public enum SMTPStartTLSPolicy: String, Sendable, Hashable, CaseIterable {
    /// Upgrade, or fail before `AUTH` and `MAIL FROM` when the server does not offer `STARTTLS` or the
    /// handshake fails (``SMTPError/Code-swift.struct/tlsUnavailable``, permanent). Use it whenever
    /// credentials or mail cross a network you do not trust.
    case required
    /// Upgrade when the server offers `STARTTLS`; carry on in plain text when it does not. A failed
    /// handshake after the offer is still an error (never a silent downgrade).
    case opportunistic
    /// Never upgrade: for a relay on a trusted network (a sidecar, a local mail catcher).
    case off
}
