import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Kafka
import Logging
import Messaging
import NIOCore
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// Intake's certification routes served in process (HummingbirdTesting) over intake's schema in a
/// database of its own in the real PostgreSQL. Certification's and matching's events go through the
/// real timeline handler and inbox processor, so the read model the routes check is the real one;
/// what intake publishes is read back from its outbox.
struct CertificateRoutesFixture: Sendable {
    let database: ThrowawayDatabase
    var pool: PostgresPool { database.pool }
    let api: IntakeAPI
    let timeline: InboxBatchProcessor
    let clients: ClientStore
    let logger: Logger

    static func with(now: @escaping @Sendable () -> Date = Date.init, _ body: (CertificateRoutesFixture) async throws -> Void) async throws {
        var logger = Logger(label: "intake-certification-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: "otop_itc", maxConnections: 6, logger: logger)
        let pool = database.pool
        let clients = ClientStore(pool: pool)
        let fixture = CertificateRoutesFixture(
            database: database,
            api: IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger),
                           clients: clients, jwt: nil,
                           certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()),
                           now: now),
            timeline: try InboxBatchProcessor(consumer: "intake.timeline", service: .intake, schema: IntakeService.schema, pool: pool,
                                              routes: EventRoutes(TimelineHandler()), logger: logger),
            clients: clients, logger: logger)
        do {
            try await IntakeService.migrator().migrate(on: pool, logger: logger)
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    func tearDown() async {
        await database.drop()
    }

    /// Runs `body` against the API served in process.
    func serve(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let operations = OperationsRoutes(health: HealthRegistry(policy: HealthPolicy()), registry: PrometheusCollectorRegistry())
        let application = Application(router: api.router(operations: operations), logger: logger)
        try await application.test(.router, body)
    }

    /// A new API client's bearer token.
    func token(_ role: Role, enterprise: UUID? = nil, provider: UUID? = nil, region: Region? = nil) async throws -> String {
        try await clients.create(name: "\(role.rawValue) test", role: role, enterpriseID: enterprise, providerID: provider,
                                 region: region).1
    }

    /// Feeds other services' events to the timeline handler, one batch.
    func deliver<Payload: EventPayload>(_ payloads: Payload..., time: Date = Date(),
                                        sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let messages = try payloads.enumerated().map { index, payload in
            KafkaIncomingMessage(topic: Payload.topic.name, partition: 0, offset: Int64(index), key: Array(payload.aggregateID.utf8),
                                 value: try CloudEvent(payload, source: "/otop/tests", time: time).encoded())
        }
        let outcome = try await timeline.process(messages)
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
    }

    /// The events intake published of one type, oldest first.
    func published<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await pool.query("SELECT payload FROM intake.outbox WHERE topic = \(Payload.topic.name) ORDER BY seq").compactMap {
            let event = try IncomingEvent(bytes: try $0.decode([UInt8].self, column: "payload"))
            return event.header.type == Payload.eventType ? try event.decode(Payload.self) : nil
        }
    }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and an optional JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String, json: String? = nil,
              accept: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        headers.append(contentsOf: extra)
        if json != nil { headers[.contentType] = "application/json" }
        if let accept { headers[.accept] = accept }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
}
