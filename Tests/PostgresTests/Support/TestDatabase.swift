import Foundation
import Logging
import Postgres
import TestSupport
import Testing

/// The real PostgreSQL the integration tests run against, configured by `DATABASE_URL` (set by
/// `scripts/test.sh` through `scripts/infra.sh env`). Missing configuration is a recorded failure,
/// never a silent skip.
enum TestDatabase {
    /// The configuration from `DATABASE_URL`, with `applicationName` set to `name` (so a test can
    /// find its own connections in `pg_stat_activity`).
    static func configuration(applicationName name: String = "otop-pgtests") throws -> PostgresConfiguration {
        var configuration = try PostgresConfiguration(url: try TestEnvironment.databaseURL())
        configuration.applicationName = name
        return configuration
    }

    /// A pool of its own for one test, closed when `body` returns or throws.
    /// `preparedStatementLimit` overrides the configuration's.
    static func withPool<Result>(maxConnections: Int = 4, applicationName: String = "otop-pgtests", preparedStatementLimit: Int? = nil,
                                 _ body: (PostgresPool) async throws -> Result) async throws -> Result {
        var configuration = try configuration(applicationName: applicationName)
        if let preparedStatementLimit { configuration.preparedStatementLimit = preparedStatementLimit }
        let pool = PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: testLogger)
        return try await tearingDown({ await pool.close() }) { try await body(pool) }
    }

    /// A pool of one connection (so every step reuses the same one) and a table of its own,
    /// `(id int8 PRIMARY KEY, note text NOT NULL)` named `<prefix>_<random>`, dropped afterwards.
    static func withNotesTable(prefix: String, preparedStatementLimit: Int? = nil,
                               _ body: (PostgresPool, String) async throws -> Void) async throws {
        try await withPool(maxConnections: 1, preparedStatementLimit: preparedStatementLimit) { pool in
            let table = uniqueName(prefix)
            try await pool.execute("CREATE TABLE public.\(identifier: table) (id int8 PRIMARY KEY, note text NOT NULL)")
            do {
                try await body(pool, table)
            } catch {
                try await pool.execute("DROP TABLE IF EXISTS public.\(identifier: table)")
                throw error
            }
            try await pool.execute("DROP TABLE public.\(identifier: table)")
        }
    }

    /// A connection of its own (outside any pool), closed when `body` returns or throws.
    static func withConnection<Result>(applicationName: String = "otop-pgtests-admin",
                                       _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection = try await PostgresConnection.connect(configuration: try configuration(applicationName: applicationName),
                                                              logger: testLogger)
        return try await tearingDown({ await connection.close() }) { try await body(connection) }
    }
}

/// Quiet: the tests assert on behaviour, not on log lines.
let testLogger: Logger = {
    var logger = Logger(label: "postgres-tests")
    logger.logLevel = .critical
    return logger
}()

