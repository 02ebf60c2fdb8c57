extension SMTPError {
    /// What went wrong, an open set of named values (postgres-nio's `PSQLError.Code` style).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionFailed = "connection failed"
            case rejected = "rejected by the server"
            case timeout = "timed out"
            case connectionClosed = "connection closed by the server"
            case protocolViolation = "protocol violation"
            case authenticationUnavailable = "authentication unavailable"
            case tlsUnavailable = "TLS unavailable"
            case tlsFailed = "TLS failed"
            case invalidMessage = "invalid message"
            case invalidConfiguration = "invalid configuration"
            case cancelled = "cancelled"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The TCP connection could not be opened (refused, unreachable, name not resolved).
        public static let connectionFailed = Code(.connectionFailed)
        /// The server answered with a 4xx or 5xx reply (see ``SMTPError/reply``).
        public static let rejected = Code(.rejected)
        /// No connection or reply within ``SMTPConfiguration/timeout``.
        public static let timeout = Code(.timeout)
        /// The server closed the connection before the message was accepted.
        public static let connectionClosed = Code(.connectionClosed)
        /// The server sent something that is not SMTP, or a reply that does not fit the step.
        public static let protocolViolation = Code(.protocolViolation)
        /// Credentials are configured but the server offers neither `AUTH PLAIN` nor `AUTH LOGIN`.
        public static let authenticationUnavailable = Code(.authenticationUnavailable)
        /// `STARTTLS` is required but the server does not offer it (or refused it).
        public static let tlsUnavailable = Code(.tlsUnavailable)
        /// The TLS handshake failed: the certificate did not verify (untrusted, expired, wrong name),
        /// no common protocol, or the connection broke during the handshake.
        public static let tlsFailed = Code(.tlsFailed)
        /// The message cannot be sent as given (no recipients, a malformed address or header).
        public static let invalidMessage = Code(.invalidMessage)
        /// The ``SMTPConfiguration`` cannot work (empty host, bad port, bad EHLO name).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The calling task was cancelled before the server accepted the message.
        public static let cancelled = Code(.cancelled)

        /// A short phrase for the code, such as `rejected by the server`.
        public var description: String { base.rawValue }
    }
}
