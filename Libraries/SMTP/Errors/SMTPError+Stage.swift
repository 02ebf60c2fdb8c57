extension SMTPError {
    /// A step of sending one message.
    public struct Stage: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// Checking and rendering the message, before any connection.
        public static let compose = Stage("compose")
        /// Opening the TCP connection.
        public static let connect = Stage("connect")
        /// Waiting for the server's `220` greeting.
        public static let greeting = Stage("greeting")
        /// `EHLO`.
        public static let ehlo = Stage("EHLO")
        /// `HELO`, after the server refused `EHLO`.
        public static let helo = Stage("HELO")
        /// `STARTTLS` and the TLS handshake that follows it.
        public static let startTLS = Stage("STARTTLS")
        /// `AUTH PLAIN` or `AUTH LOGIN` and its responses.
        public static let auth = Stage("AUTH")
        /// `MAIL FROM`.
        public static let mailFrom = Stage("MAIL FROM")
        /// `RCPT TO`, one per recipient (see ``SMTPError/recipientIndex``).
        public static let rcptTo = Stage("RCPT TO")
        /// `DATA`, up to the server's `354`.
        public static let data = Stage("DATA")
        /// Sending the message content and waiting for the server to accept it.
        public static let message = Stage("message content")

        /// The step's name, such as `RCPT TO`.
        public var description: String { name }
    }
}
