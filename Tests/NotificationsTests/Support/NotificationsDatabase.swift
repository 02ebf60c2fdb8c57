import Foundation
import Logging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// A throwaway database with the notifications schema migrated, on the real PostgreSQL of the local
/// infrastructure (`DATABASE_URL`), dropped by ``drop()``.
struct NotificationsDatabase: Sendable {
    let database: ThrowawayDatabase
    var pool: PostgresPool { database.pool }
    var configuration: PostgresConfiguration { database.configuration }

    static func make() async throws -> NotificationsDatabase {
        var logger = Logger(label: "notifications-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: "otop_nt", maxConnections: 8, logger: logger)
        do {
            _ = try await NotificationsService.migrator().migrate(on: database.pool, logger: logger)
        } catch {
            await database.drop()
            throw error
        }
        return NotificationsDatabase(database: database)
    }

    func drop() async {
        await database.drop()
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
