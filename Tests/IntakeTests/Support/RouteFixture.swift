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

/// Intake's routes served in process (HummingbirdTesting) over intake's schema in a database of its
/// own in the real PostgreSQL. Other services' events go through the real timeline handler and
/// inbox processor, so the read models the routes check are the real ones; what intake publishes is
/// read back from its outbox.
struct RouteFixture: Sendable {
    let database: ThrowawayDatabase
    var pool: PostgresPool { database.pool }
    let api: IntakeAPI
    let timeline: InboxBatchProcessor
    let clients: ClientStore
    let logger: Logger

    /// A fixture whose API reads the time from `now`; the caller tears it down.
    static func make(now: @escaping @Sendable () -> Date = Date.init) async throws -> RouteFixture {
        var logger = Logger(label: "intake-route-tests")
        logger.logLevel = .warning
        let database = try await ThrowawayDatabase.create(prefix: "otop_it", maxConnections: 6, logger: logger)
        let pool = database.pool
        do {
            try await IntakeService.migrator().migrate(on: pool, logger: logger)
            let clients = ClientStore(pool: pool)
            let api = IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger),
                                clients: clients, jwt: nil,
                                certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()),
                                now: now)
            let timeline = try InboxBatchProcessor(consumer: "intake.timeline", service: .intake, schema: IntakeService.schema,
                                                   pool: pool, routes: EventRoutes(TimelineHandler()), logger: logger)
            return RouteFixture(database: database, api: api, timeline: timeline, clients: clients, logger: logger)
        } catch {
            await database.drop()
            throw error
        }
    }

    /// Runs `body` on a new fixture and tears it down, whatever happened.
    static func with(now: @escaping @Sendable () -> Date = Date.init, _ body: (RouteFixture) async throws -> Void) async throws {
        let fixture = try await make(now: now)
        do {
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
