/// What went wrong talking to PostgreSQL, with enough context to act on: the kind of failure, the
/// server's SQLSTATE and the objects it names (constraint, table, column: libpq's error fields)
/// when the server refused a statement, and a message naming what failed.
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
    /// The server's SQLSTATE (``SQLState/uniqueViolation``, ``SQLState/serializationFailure`` ...).
    public var sqlState: SQLState?
    /// The server's DETAIL line, if any (may contain values: not logged at info level by callers).
    public var detail: String?
    /// The column the failure is about: the result column a decoding failure is about, or the table
    /// column the server names (a `NOT NULL` violation).
    public var column: String?
    /// The constraint the server names (a unique, foreign-key, check or exclusion violation), e.g.
    /// `enterprises_registration_number`: read from libpq's error fields, never from the message.
    public var constraint: String?
    /// The table the server names, and its schema.
    public var table: String?
    public var schema: String?

    public init(code: Code, message: String, sqlState: SQLState? = nil, detail: String? = nil, column: String? = nil,
                constraint: String? = nil, table: String? = nil, schema: String? = nil) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.column = column
        self.constraint = constraint
        self.table = table
        self.schema = schema
    }

    /// Whether trying again later may succeed: the connection failed or broke, the server is
    /// starting or shutting down, or the transaction lost a serialization race or a deadlock.
    public var isTransient: Bool {
        switch code {
        case .connectionFailed, .connectionLost, .poolClosed:
            return true
        case .server:
            return sqlState?.isTransient ?? false
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
