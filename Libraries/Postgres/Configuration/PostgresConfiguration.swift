import Foundation

/// Where and how to connect. Built from a `postgresql://user:password@host:port/database` URL (the
/// password comes from the environment, never from code) and adjusted in code where needed.
public struct PostgresConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    /// Secret: never logged (``description`` and ``safeDescription`` leave it out).
    public var password: String?
    public var database: String
    /// Shown in `pg_stat_activity`, so an operator sees which service holds a connection.
    public var applicationName: String
    /// Seconds to wait for a new connection before giving up.
    public var connectTimeoutSeconds: Int
    /// libpq's `sslmode` (`disable`, `prefer`, `require`, `verify-full`...); `nil` leaves libpq's default.
    public var sslMode: String?
    /// How many statements each connection keeps prepared (parsed and planned once, by the server, for
    /// every later use; see docs/postgres.md). 0 prepares nothing, for a pooler that hands one
    /// client's statements to different server connections (PgBouncer in transaction mode).
    public var preparedStatementLimit = 256

    public init(host: String = "127.0.0.1", port: Int = 5432, user: String = "postgres", password: String? = nil,
                database: String = "postgres", applicationName: String = "otop", connectTimeoutSeconds: Int = 5,
                sslMode: String? = nil) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.sslMode = sslMode
    }

    /// Parses `postgresql://` (or `postgres://`) URLs. Query items `sslmode`, `connect_timeout` and
    /// `application_name` are understood; anything else is an error so a typo is not silently ignored.
    public init(url: String) throws(PostgresError) {
        guard let components = URLComponents(string: url) else {
            throw PostgresError(code: .invalidConfiguration, message: "not a URL")
        }
        guard components.scheme == "postgresql" || components.scheme == "postgres" else {
            throw PostgresError(code: .invalidConfiguration,
                                message: "scheme must be postgresql://, found '\(components.scheme ?? "")://'")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresError(code: .invalidConfiguration, message: "the host is missing")
        }
        self.init(host: host)
        if let port = components.port {
            guard (1...65535).contains(port) else {
                throw PostgresError(code: .invalidConfiguration, message: "port \(port) is out of range")
            }
            self.port = port
        }
        // URLComponents' `user`, `password` and `path` are already percent-decoded: decoding again
        // would turn a password's literal `%41` (written `%2541`) into `A`.
        if let user = components.user, !user.isEmpty { self.user = user }
        if let password = components.password { self.password = password }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        if !path.isEmpty { self.database = path }
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                sslMode = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw PostgresError(code: .invalidConfiguration, message: "connect_timeout must be a positive number of seconds")
                }
                connectTimeoutSeconds = seconds
            case "application_name":
                applicationName = value
            default:
                throw PostgresError(code: .invalidConfiguration, message: "unknown URL parameter '\(item.name)'")
            }
        }
    }

    /// The libpq connection keywords and values. `options` pins the session's time zone and date
    /// style, which the text decoders rely on.
    var libpqParameters: [(String, String)] {
        var parameters: [(String, String)] = [
            ("host", host), ("port", String(port)), ("user", user), ("dbname", database),
            ("application_name", applicationName), ("connect_timeout", String(connectTimeoutSeconds)),
            ("client_encoding", "UTF8"), ("options", "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601"),
        ]
        if let password { parameters.append(("password", password)) }
        if let sslMode { parameters.append(("sslmode", sslMode)) }
        return parameters
    }

    /// `user@host:port/database`, without the password: safe for logs.
    public var safeDescription: String { "\(user)@\(host):\(port)/\(database)" }
}

/// Printing a configuration (`"\(configuration)"`, `String(reflecting:)`, a logger's metadata) shows
/// ``PostgresConfiguration/safeDescription``: the password never reaches a log by accident.
extension PostgresConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { safeDescription }
    public var debugDescription: String { "PostgresConfiguration(\(safeDescription))" }
}
