import Contracts
import Foundation
import Logging
import Postgres
import TestSupport
import Testing
@testable import NotificationsService

/// The notifications schema migrated into a throwaway database on the real PostgreSQL of the local
/// infrastructure (`DATABASE_URL`), through the shared ``ConsumerHarness`` (whose `processor` and
/// `deliver` run the handler's routes as the consumer does).
struct NotificationsDatabase: Sendable {
    let harness: ConsumerHarness
    var pool: PostgresPool { harness.pool }
    var configuration: PostgresConfiguration { harness.postgres }

    /// Runs `body` with a fresh database and drops it afterwards, also when `body` throws.
    static func with(_ body: (NotificationsDatabase) async throws -> Void) async throws {
        try await ConsumerHarness.with(prefix: "otop_nt", service: .notifications, schema: NotificationsService.schema,
                                       migrators: [NotificationsService.migrator()], maxConnections: 8) { harness in
            try await body(NotificationsDatabase(harness: harness))
        }
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        try await pool.query(query).first?.decode(Int.self, column: "n") ?? 0
    }
}
