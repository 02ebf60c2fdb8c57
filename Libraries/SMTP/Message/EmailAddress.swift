/// A mailbox: an address with an optional display name (`"สมชาย ใจดี" <somchai@example.org>`).
///
/// The address is personal data: the SMTP library never logs it.
public struct EmailAddress: Sendable, Hashable {
    /// The display name, any Unicode text (sent as RFC 2047 encoded-words when not plain ASCII).
    public var name: String?
    /// The address itself, `local-part@domain`, ASCII only (the client does not use SMTPUTF8).
    public var address: String

    /// A mailbox for `address`, shown as `name` when one is given.
    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

extension EmailAddress: CustomStringConvertible {
    /// A description that hides the address and name, so that printing or logging a mailbox leaks
    /// no personal data.
    public var description: String { "EmailAddress(<redacted>)" }
}
