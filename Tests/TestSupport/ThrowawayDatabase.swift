import Foundation
import Logging
import Postgres

/// A database of one test's own on the PostgreSQL server that `DATABASE_URL` names (scripts/test.sh
/// starts it and sets the variable): created empty (or with migrations applied), dropped with
/// `drop()`, or by ``with(prefix:migrators:maxConnections:logger:_:)`` when the test is done.
public struct ThrowawayDatabase: Sendable {
    /// A pool on the new database.
    public let pool: PostgresPool
    /// How to reach the new database (for services and connections of the test's own).
    public let configuration: PostgresConfiguration
    /// The database's name: `prefix` and eight random hex digits.
    public let name: String
    private let serverURL: String
    private let logger: Logger

    /// Creates `<prefix>_<random>` on the server, a pool of `maxConnections` on it, and applies
    /// `migrators` (a failure drops the database again).
    public static func create(prefix: String, migrators: [PostgresMigrator] = [], maxConnections: Int = 6,
                              logger: Logger) async throws -> ThrowawayDatabase {
        let url = try TestEnvironment.databaseURL()
        let name = uniqueName(prefix)
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
        let database = ThrowawayDatabase(pool: PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: logger),
                                         configuration: configuration, name: name, serverURL: url, logger: logger)
        do {
            for migrator in migrators { _ = try await migrator.migrate(on: database.pool, logger: logger) }
        } catch {
            await database.drop()
            throw error
        }
        return database
    }

    /// Runs `body` on a new database and drops it afterwards, also when `body` throws.
    public static func with<Result>(prefix: String, migrators: [PostgresMigrator] = [], maxConnections: Int = 6, logger: Logger,
                                    _ body: (ThrowawayDatabase) async throws -> Result) async throws -> Result {
        let database = try await create(prefix: prefix, migrators: migrators, maxConnections: maxConnections, logger: logger)
        return try await tearingDown({ await database.drop() }) { try await body(database) }
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

/// Runs `body`, then `tearDown`, also when `body` throws (the error is rethrown after the tear-down):
/// the one shape of every fixture's `with { }`.
public func tearingDown<Result>(_ tearDown: () async -> Void, _ body: () async throws -> Result) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        await tearDown()
        throw error
    }
    await tearDown()
    return result
}
