import AsyncHTTPClient
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
@testable import PortalService
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// The portal's schema in a database of its own on the real PostgreSQL (`DATABASE_URL`), its stores,
/// and its pages served in process (HummingbirdTesting). Intake is not running: the pages these tests
/// reach (sign-in, sign-out, the language switch, "my account") never call it.
struct PortalFixture: Sendable {
    let database: ThrowawayDatabase
    var pool: PostgresPool { database.pool }
    let logger: Logger
    /// The lowest bcrypt cost the settings allow: the tests hash dozens of passwords.
    static let bcryptCost: UInt8 = 10

    static func make() async throws -> PortalFixture {
        var logger = Logger(label: "portal-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: "otop_pt", migrators: [try PortalService.migrator()], logger: logger)
        return PortalFixture(database: database, logger: logger)
    }

    /// Runs `body` on a new fixture and drops its database, whatever happened.
    static func with(_ body: (PortalFixture) async throws -> Void) async throws {
        let fixture = try await make()
        try await tearingDown({ await fixture.database.drop() }) { try await body(fixture) }
    }

    /// A second pool on the same database: what another replica of the portal would hold.
    func replicaPool() -> PostgresPool {
        PostgresPool(configuration: database.configuration, maxConnections: 2, logger: logger)
    }

    var accounts: AccountStore { AccountStore(pool: pool, hasher: PasswordHasher(cost: Self.bcryptCost)) }

    /// A new account with `password`.
    @discardableResult
    func account(_ username: String, role: Account.Role = .officer, region: Region? = .north,
                 password: String = PortalFixture.password) async throws -> Account {
        try await accounts.create(username: username, displayName: "ทดสอบ \(username)", role: role, region: role == .officer ? region : nil,
                                  password: password)
    }

    static let password = "ข้าวเหนียวมะม่วง 2570"

    /// The portal's settings as the process reads them, with a fresh signing key and `extra` on top.
    func configuration(_ extra: [String: String] = [:]) throws -> PortalConfiguration {
        let settings = database.configuration
        let key = ES256PrivateKey()
        let environment = [
            "DATABASE_URL": "postgresql://\(settings.user)@\(settings.host):\(settings.port)/\(settings.database)",
            "PORTAL_JWT_PRIVATE_KEY": key.pemRepresentation, "PORTAL_JWT_KEY_ID": "portal-test-1",
            // Nothing listens on the discard port: a page that called intake would fail loudly.
            "PORTAL_INTAKE_URL": "http://127.0.0.1:9", "PORTAL_BCRYPT_COST": String(Self.bcryptCost),
        ].merging(extra) { _, new in new }
        return try PortalConfiguration(environment: EnvironmentReader(environment), defaultHTTPPort: 8084)
    }

    /// Serves the portal's pages in process over real sockets (so the client address is 127.0.0.1,
    /// the default trusted proxy) and runs `body` with a browser-like client.
    func serve(_ extra: [String: String] = [:], _ body: @Sendable (Browser) async throws -> Void) async throws {
        let configuration = try configuration(extra)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let portal = try await Portal.make(configuration: configuration, pool: pool, http: http, logger: logger)
            let operations = OperationsRoutes(health: HealthRegistry(policy: HealthPolicy()), registry: PrometheusCollectorRegistry())
            let application = Application(router: portal.router(operations: operations), logger: logger)
            try await application.test(.live) { client in try await body(Browser(client: client)) }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    /// The audit's events in order, with their reasons.
    func audit() async throws -> [(event: String, reason: String?, account: UUID?)] {
        try await pool.query("SELECT event, reason, account_id FROM portal.audit ORDER BY id").map {
            (try $0.decode(String.self, column: "event"), try $0.decode(String?.self, column: "reason"), try $0.decode(UUID?.self, column: "account_id"))
        }
    }
}
