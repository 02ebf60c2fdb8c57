import Foundation
import Logging
import Postgres

/// A database of one test's own on the PostgreSQL server that `DATABASE_URL` names (scripts/test.sh
/// starts it and sets the variable): created empty, migrated by the caller, dropped with `drop()`.
public struct ThrowawayDatabase: Sendable {
    /// `DATABASE_URL` is not set: the tests were not started by scripts/test.sh.
    public struct MissingDatabaseURL: Error, CustomStringConvertible {
        public var description: String { "DATABASE_URL is not set: run the tests with scripts/test.sh (it starts PostgreSQL)" }
    }

    /// A pool on the new database.
    public let pool: PostgresPool
    /// How to reach the new database (for services and connections of the test's own).
    public let configuration: PostgresConfiguration
    /// The database's name: `prefix` and eight random hex digits.
    public let name: String
    private let serverURL: String
    private let logger: Logger

    /// Creates `<prefix>_<random>` on the server and a pool of `maxConnections` on it.
    public static func create(prefix: String, maxConnections: Int = 6, logger: Logger) async throws -> ThrowawayDatabase {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else { throw MissingDatabaseURL() }
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url), logger: logger)
        do {
            try await admin.execute("CREATE DATABASE \(identifier: name)")
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        var configuration = try PostgresConfiguration(url: url)
        configuration.database = name
        return ThrowawayDatabase(pool: PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: logger),
                                 configuration: configuration, name: name, serverURL: url, logger: logger)
    }

    /// Closes the pool and drops the database (its other sessions are ended). Never throws: a test's
    /// own outcome matters more than its clean-up.
    public func drop() async {
        await pool.close()
        guard let admin = try? await PostgresConnection.connect(configuration: try PostgresConfiguration(url: serverURL),
                                                                logger: logger) else { return }
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        await admin.close()
    }
}
