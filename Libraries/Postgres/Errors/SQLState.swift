/// The server's five-character SQLSTATE code for a refused statement (PostgreSQL's Appendix A),
/// with a name for each code this code base acts on. An open set: the server may answer any code,
/// and ``PostgresError/sqlState`` keeps it as it came.
///
/// ```swift
/// catch let error as PostgresError where error.sqlState == .uniqueViolation
///                                     && error.constraint == "enterprises_registration_number" { ... }
/// ```
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The five characters, e.g. `23505`.
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ code: String) {
        self.init(rawValue: code)
    }

    /// The class: the code's first two characters (`23` integrity constraint violation, `08`
    /// connection exception ...).
    public var codeClass: Substring { rawValue.prefix(2) }

    public var description: String { rawValue }

    // MARK: Classes

    /// Class `08`: connection exception.
    public static let connectionExceptionClass: Substring = "08"
    /// Class `53`: insufficient resources (disk full, out of memory, too many connections).
    public static let insufficientResourcesClass: Substring = "53"

    // MARK: Codes

    /// `0A000`: feature not supported (also "cached plan must not change result type").
    public static let featureNotSupported = SQLState("0A000")
    /// `22P02`: a value's text is not valid input for its type.
    public static let invalidTextRepresentation = SQLState("22P02")
    /// `23502`: a NULL in a `NOT NULL` column.
    public static let notNullViolation = SQLState("23502")
    /// `23503`: a foreign key names a row that does not exist (or is still referenced).
    public static let foreignKeyViolation = SQLState("23503")
    /// `23505`: a unique index or constraint already holds the value.
    public static let uniqueViolation = SQLState("23505")
    /// `23514`: a `CHECK` constraint failed.
    public static let checkViolation = SQLState("23514")
    /// `25P02`: a statement ran in a transaction a failed statement had aborted (also a `COMMIT`
    /// the server turned into a rollback).
    public static let inFailedTransaction = SQLState("25P02")
    /// `26000`: the server does not know the prepared statement's name.
    public static let invalidStatementName = SQLState("26000")
    /// `40001`: the transaction lost a serialization race; run it again.
    public static let serializationFailure = SQLState("40001")
    /// `40P01`: the transaction was chosen as a deadlock's victim; run it again.
    public static let deadlockDetected = SQLState("40P01")
    /// `42601`: syntax error.
    public static let syntaxError = SQLState("42601")
    /// `42P01`: the table (or sequence, view) does not exist.
    public static let undefinedTable = SQLState("42P01")
    /// `42P07`: the table (or sequence, index) exists already.
    public static let duplicateTable = SQLState("42P07")
    /// `42P18`: the server could not infer a parameter's type (add a cast such as `$1::text`).
    public static let indeterminateDatatype = SQLState("42P18")
    /// `55P03`: a lock could not be taken at once (`NOWAIT`, `lock_timeout`).
    public static let lockNotAvailable = SQLState("55P03")
    /// `57014`: the statement was cancelled (statement timeout, `pg_cancel_backend`).
    public static let queryCanceled = SQLState("57014")
    /// `57P01`: the server is shutting down (administrator command).
    public static let adminShutdown = SQLState("57P01")
    /// `57P02`: another backend crashed and the server is restarting.
    public static let crashShutdown = SQLState("57P02")
    /// `57P03`: the server is starting or in recovery and takes no connections yet.
    public static let cannotConnectNow = SQLState("57P03")

    /// Whether trying again later may succeed: a connection exception, insufficient resources, a
    /// lost serialization race or deadlock, a lock not available, the server shutting down or
    /// starting, a cancelled (timed-out) statement.
    public var isTransient: Bool {
        codeClass == Self.connectionExceptionClass
            || codeClass == Self.insufficientResourcesClass
            || Self.transientCodes.contains(self)
    }

    private static let transientCodes: Set<SQLState> = [
        .serializationFailure, .deadlockDetected, .lockNotAvailable, .adminShutdown, .crashShutdown, .cannotConnectNow,
        .queryCanceled,
    ]
}
