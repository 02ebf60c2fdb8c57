import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import Postgres
import Prometheus
import ServiceRuntime
import Testing
@testable import IntakeService

/// Intake's real router in process (HummingbirdTesting) on a database of its own on the real
/// PostgreSQL, migrated like the service's, with a client of each role. No broker: the outbox
/// rows the routes write are read from the table.
final class ImportFixture {
    let pool: PostgresPool
    let router: Router<IntakeRequestContext>
    let officer: String
    let operatorToken: String
    let enterprise: String
    let provider: String
    private let database: String
    private let adminURL: String

    private init(pool: PostgresPool, router: Router<IntakeRequestContext>, tokens: [Role: String], database: String, adminURL: String) {
        self.pool = pool
        self.router = router
        self.officer = tokens[.officer]!
        self.operatorToken = tokens[.operator]!
        self.enterprise = tokens[.enterprise]!
        self.provider = tokens[.provider]!
        self.database = database
        self.adminURL = adminURL
    }

    /// Runs `body` with a fresh fixture and drops its database afterwards, also when `body` fails.
    static func with(_ body: (ImportFixture) async throws -> Void) async throws {
        let fixture = try await start()
        do {
            try await body(fixture)
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }

    private static func start() async throws -> ImportFixture {
        guard let adminURL = ProcessInfo.processInfo.environment["DATABASE_URL"], !adminURL.isEmpty else {
            Issue.record("DATABASE_URL is not set: run the tests with scripts/test.sh (it starts PostgreSQL)")
            throw MissingDatabase()
        }
        let database = "otop_import_\(UUID().uuidString.lowercased().prefix(8))"
        try await admin(adminURL) { try await $0.execute("CREATE DATABASE \(identifier: database)") }
        var configuration = try PostgresConfiguration(url: adminURL)
        configuration.database = database
        var logger = Logger(label: "import-tests")
        logger.logLevel = .warning
        let pool = PostgresPool(configuration: configuration, maxConnections: 4, logger: logger)
        do {
            _ = try await IntakeService.migrator().migrate(on: pool, logger: logger)
            let clients = ClientStore(pool: pool)
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                let (_, token) = try await clients.create(name: "import test \(role.rawValue)", role: role,
                                                          enterpriseID: role == .enterprise ? UUID() : nil,
                                                          providerID: role == .provider ? UUID() : nil)
                tokens[role] = token
            }
            let api = IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: "intake", pool: pool, logger: logger), clients: clients,
                                jwt: nil, certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()))
            let router = api.router(operations: OperationsRoutes(health: HealthRegistry(policy: HealthPolicy()),
                                                                 registry: PrometheusCollectorRegistry()))
            return ImportFixture(pool: pool, router: router, tokens: tokens, database: database, adminURL: adminURL)
        } catch {
            await pool.close()
            try? await admin(adminURL) { try await $0.execute("DROP DATABASE IF EXISTS \(identifier: database) WITH (FORCE)") }
            throw error
        }
    }

    private func stop() async {
        await pool.close()
        do {
            try await Self.admin(adminURL) { try await $0.execute("DROP DATABASE IF EXISTS \(identifier: database) WITH (FORCE)") }
        } catch {
            Issue.record("could not drop the test database \(database): \(error)")
        }
    }

    private static func admin(_ url: String, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url),
                                                              logger: Logger(label: "import-tests-admin"))
        do { try await body(connection) } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    struct MissingDatabase: Error {}

    /// An answer of the router.
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: [UInt8]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The import report, decoded.
        func report() throws -> ImportReport { try JSONDecoder().decode(ImportReport.self, from: Data(body)) }
    }

    /// `POST path` with `body` as `text/csv` (or `contentType`), as `token`.
    func post(_ path: String, csv body: [UInt8], token: String?, contentType: String? = "text/csv",
              language: String? = nil) async throws -> Answer {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        if let language { headers[.acceptLanguage] = language }
        let request = headers
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: request, body: ByteBuffer(bytes: body)) { response in
                Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
            }
        }
    }

    /// `GET path` as `token`.
    func get(_ path: String, token: String) async throws -> Answer {
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
            }
        }
    }

    /// `SELECT count(*)::int8 AS n ...` on the fixture's database.
    func count(_ sql: String) async throws -> Int {
        Int(try await pool.query(PostgresQuery(sql: sql)).first?.decode(Int64.self, column: "n") ?? 0)
    }

    /// The outbox rows' CloudEvents types, in order.
    func outboxTypes() async throws -> [String] {
        try await pool.query("SELECT headers->>'ce_type' AS type FROM intake.outbox ORDER BY seq")
            .map { try $0.decode(String?.self, column: "type") ?? "tombstone" }
    }
}

/// A CSV file's bytes from its lines.
func csvFile(_ lines: [String], byteOrderMark: Bool = false, lineEnd: String = "\r\n") -> [UInt8] {
    (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array((lines.joined(separator: lineEnd) + lineEnd).utf8)
}
