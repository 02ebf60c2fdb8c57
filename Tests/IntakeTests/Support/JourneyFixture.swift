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
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// Intake's routes served in process (HummingbirdTesting) over intake's schema in a database of its
/// own in the real PostgreSQL; matching's events are fed to the real timeline handler through the
/// inbox processor, so the read models the routes check are the real ones.
struct JourneyFixture: Sendable {
    let database: ThrowawayDatabase
    var pool: PostgresPool { database.pool }
    let api: IntakeAPI
    let timeline: InboxBatchProcessor
    let clients: ClientStore
    let logger: Logger

    static func make() async throws -> JourneyFixture {
        var logger = Logger(label: "intake-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: "otop_it", maxConnections: 6, logger: logger)
        let pool = database.pool
        try await IntakeService.migrator().migrate(on: pool, logger: logger)
        let clients = ClientStore(pool: pool)
        let notifier = OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger)
        let api = IntakeAPI(pool: pool, notifier: notifier, clients: clients, jwt: nil,
                            certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()))
        let timeline = try InboxBatchProcessor(consumer: "intake.timeline", service: .intake, schema: IntakeService.schema,
                                               pool: pool, routes: EventRoutes(TimelineHandler()), logger: logger)
        return JourneyFixture(database: database, api: api, timeline: timeline, clients: clients,
                             logger: logger)
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

    /// Feeds events (from matching) to the timeline handler.
    func deliver<Payload: EventPayload>(_ payloads: Payload..., sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let messages = try payloads.enumerated().map { index, payload in
            KafkaIncomingMessage(topic: Payload.topic.name, partition: 0, offset: Int64(index), key: Array(payload.aggregateID.utf8),
                                 value: try CloudEvent(payload, source: ServiceName.matching.eventSource).encoded())
        }
        let outcome = try await timeline.process(messages)
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
    }

    /// Commands intake published, of one type.
    func published<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await pool.query("SELECT payload FROM intake.outbox ORDER BY seq").compactMap {
            let event = try IncomingEvent(bytes: try $0.decode([UInt8].self, column: "payload"))
            return event.header.type == Payload.eventType ? try event.decode(Payload.self) : nil
        }
    }
}

/// An answer, read.
struct Answer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}

extension TestClientProtocol {
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]? = nil) async throws -> Answer {
        try await send(method, path, token: token, json: json, headers: [:])
    }

    /// With `If-Match`.
    func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?, ifMatch: String) async throws -> Answer {
        try await send(method, path, token: token, json: json, headers: [.ifMatch: ifMatch])
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, token: String, json: [String: Any]?,
                      headers extra: HTTPFields) async throws -> Answer {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        headers.append(contentsOf: extra)
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: Array(try JSONSerialization.data(withJSONObject: json)))
        }
        return try await execute(uri: path, method: method, headers: headers, body: body) { response in
            Answer(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}
