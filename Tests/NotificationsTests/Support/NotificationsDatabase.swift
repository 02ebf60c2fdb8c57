import Foundation
import Logging
import Postgres
import Testing
@testable import NotificationsService

/// A throwaway database with the notifications schema migrated, on the real PostgreSQL of the local
/// infrastructure (`DATABASE_URL`), dropped by ``drop()``.
struct NotificationsDatabase: Sendable {
    let pool: PostgresPool
    let configuration: PostgresConfiguration
    let name: String
    private let adminURL: String

    static func make() async throws -> NotificationsDatabase {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            Issue.record("DATABASE_URL is not set: run the tests with scripts/test.sh (it starts PostgreSQL)")
            throw CancellationError()
        }
        var logger = Logger(label: "notifications-tests")
        logger.logLevel = .warning
        let name = "otop_nt_\(UUID().uuidString.lowercased().prefix(8))"
        let admin = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url), logger: logger)
        try await admin.execute("CREATE DATABASE \(identifier: name)")
        await admin.close()
        var configuration = try PostgresConfiguration(url: url)
        configuration.database = name
        let pool = PostgresPool(configuration: configuration, maxConnections: 8, logger: logger)
        _ = try await NotificationsService.migrator().migrate(on: pool, logger: logger)
        return NotificationsDatabase(pool: pool, configuration: configuration, name: name, adminURL: url)
    }

    func drop() async {
        await pool.close()
        guard let admin = try? await PostgresConnection.connect(configuration: try PostgresConfiguration(url: adminURL),
                                                                logger: Logger(label: "notifications-tests")) else { return }
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        await admin.close()
    }

    /// Runs `body` with a fresh database and drops it afterwards, also when `body` throws.
    static func with(_ body: (NotificationsDatabase) async throws -> Void) async throws {
        let database = try await make()
        do {
            try await body(database)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        try await pool.query(query).first?.decode(Int.self, column: "n") ?? 0
    }
}
