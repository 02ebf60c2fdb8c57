/// What went wrong talking to PostgreSQL, with enough context to act on: the kind of failure, the
/// server's SQLSTATE when the server refused a statement, and a message naming what failed.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Sendable, Equatable {
        /// The connection URL or a setting is invalid (never transient).
        case invalidConfiguration
        /// A new connection could not be opened (server down, refused, authentication failed).
        case connectionFailed
        /// An open connection broke (server restarted, network cut).
        case connectionLost
        /// The server refused the statement; ``PostgresError/sqlState`` says why.
        case server
        /// A column could not be decoded into the requested Swift type.
        case decoding
        /// A parameter could not be encoded (JSON encoding failed, say).
        case encoding
        /// The pool was closed while the operation waited for a connection.
        case poolClosed
        /// A migration file or the migration history is inconsistent.
        case migration
    }

    public var code: Code
    public var message: String
    /// The server's five-character SQLSTATE (`23505` unique violation, `40001` serialization failure...).
    public var sqlState: String?
    /// The server's DETAIL line, if any (may contain values: not logged at info level by callers).
    public var detail: String?
    /// The result column a decoding failure is about.
    public var column: String?

    public init(code: Code, message: String, sqlState: String? = nil, detail: String? = nil, column: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.column = column
    }

    /// Whether trying again later may succeed: the connection failed or broke, the server is
    /// starting or shutting down, or the transaction lost a serialization race or a deadlock.
    public var isTransient: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .poolClosed:
            return true
        case .server:
            guard let state = sqlState else { return false }
            return state.hasPrefix("08")          // connection exception
                || state.hasPrefix("53")          // insufficient resources
                || state == "40001"               // serialization_failure
                || state == "40P01"               // deadlock_detected
                || state == "55P03"               // lock_not_available
                || state == "57P01"               // admin_shutdown
                || state == "57P02"               // crash_shutdown
                || state == "57P03"               // cannot_connect_now
                || state == "57014"               // query_canceled (statement timeout)
        case .invalidConfiguration, .decoding, .encoding, .migration:
            return false
        }
    }

    public var description: String {
        var text = "PostgreSQL \(code)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        return text
    }
}
