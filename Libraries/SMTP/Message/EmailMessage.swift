import Foundation

/// One email: the envelope (sender and recipients), the headers and a text body with an optional
/// HTML alternative.
///
/// ``SMTPClient`` renders it as 7-bit MIME: UTF-8 subject and display names become RFC 2047
/// encoded-words, bodies are base64 with `charset=UTF-8`, and an HTML body makes the message
/// `multipart/alternative`.
public struct EmailMessage: Sendable {
    /// The sender: the `From` header and the envelope's `MAIL FROM`.
    public var from: EmailAddress
    /// The recipients: the `To` header and one `RCPT TO` each. At least one.
    public var to: [EmailAddress]
    /// The subject, any Unicode text.
    public var subject: String
    /// The plain-text body, any Unicode text; line breaks are sent as CRLF.
    public var textBody: String
    /// An HTML alternative of the body, when the message should have one.
    public var htmlBody: String?
    /// The message id without angle brackets, `id-left@id-right` (for example `"<uuid>@otop.local"`
    /// without the `<` `>`). Keep it stable across retries so that receivers can spot duplicates.
    public var messageID: String
    /// The `Date` header.
    public var date: Date
    /// Further headers, in order, such as `("X-OTOP-Event-Id", eventID)`. Names must be printable
    /// ASCII without `:` and must not repeat a header the library writes itself (`From`, `To`,
    /// `Subject`, `Date`, `Message-ID`, `MIME-Version`, `Content-*`); values may be any Unicode text.
    public var extraHeaders: [(name: String, value: String)]

    /// A message with every part given explicitly.
    public init(
        from: EmailAddress,
        to: [EmailAddress],
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: String,
        date: Date = Date(),
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.date = date
        self.extraHeaders = extraHeaders
    }
}
