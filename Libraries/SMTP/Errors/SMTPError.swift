/// Why ``SMTPClient/send(_:)`` did not deliver a message: what failed, at which step, and the
/// server's reply when there was one.
///
/// ``isPermanent`` tells a retry policy what to do: `true` for a 5xx reply, a message or
/// configuration the server will never accept, or a server without the required `STARTTLS` (do not
/// retry), `false` for 4xx replies, connection failures, timeouts, failed TLS handshakes and protocol
/// trouble (retry later, with backoff).
///
/// The ``description`` is safe to log: it names a rejected recipient by position only and masks
/// anything that looks like an email address in the server's text. The rejected mailbox itself is
/// in ``recipientIndex`` for the caller.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var code: Code
    /// The step of the conversation that failed.
    public var stage: Stage
    /// The server's reply, when the failure is a refusal.
    public var reply: SMTPReply?
    /// More about the failure (a system error, the rule a message broke). Never an address.
    public var detail: String?
    /// For `RCPT TO` refusals and invalid recipients: the index in ``EmailMessage/to``.
    public var recipientIndex: Int?
    /// The number of recipients of the message, to put ``recipientIndex`` in context.
    public var recipientCount: Int?

    /// An error with everything known about the failure.
    public init(code: Code, stage: Stage, reply: SMTPReply? = nil, detail: String? = nil,
                recipientIndex: Int? = nil, recipientCount: Int? = nil) {
        self.code = code
        self.stage = stage
        self.reply = reply
        self.detail = detail
        self.recipientIndex = recipientIndex
        self.recipientCount = recipientCount
    }

    /// Whether retrying the same message cannot help: a 5xx reply, or a message or configuration
    /// the client refuses to send.
    public var isPermanent: Bool {
        switch code {
        case .rejected: reply?.isPermanentFailure ?? false
        case .invalidMessage, .invalidConfiguration, .authenticationUnavailable, .tlsUnavailable: true
        default: false
        }
    }

    /// `SMTP <stage> failed: <code>: <reply or detail> (permanent|transient)`, without personal data.
    public var description: String {
        var text = "SMTP \(stage)"
        if let recipientIndex {
            text += " (recipient \(recipientIndex + 1)" + (recipientCount.map { " of \($0)" } ?? "") + ")"
        }
        text += " failed: \(code)"
        if let reply { text += ": server replied \(reply)" }
        if let detail { text += ": " + SMTPRedaction.redactingAddresses(detail) }
        text += isPermanent ? " (permanent)" : " (transient)"
        return text
    }
}
