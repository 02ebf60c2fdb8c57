import CodeSealing
import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import JWTKit
import Kafka
import Logging
import Messaging
import NIOCore
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// Intake's routes served in process (HummingbirdTesting's router mode) over intake's schema in a
/// database of their own on the real PostgreSQL, migrated like the service's. Other services'
/// events go through the real timeline handler and inbox processor (``deliver(_:time:sourceLocation:)``),
/// so the read models the routes check are the real ones; what intake publishes is read back from
/// its outbox. No broker. JWTs signed with ``jwt(_:)`` are accepted (ES256, ``issuer``, ``audience``).
///
/// A test makes a fixture of its own with ``with(now:_:)`` (dropped afterwards), or shares the one
/// of the test process with the parties every suite uses already registered (``shared()``).
final class RouteFixture: Sendable {
    let pool: PostgresPool
    let api: IntakeAPI
    let clients: ClientStore
    let timeline: InboxBatchProcessor
    /// Signs JWTs the fixture's intake accepts.
    let signer: JWTKeyCollection
    let logger: Logger
    private let routes: RouterResponder<IntakeRequestContext>
    /// The database to drop at ``tearDown()``; `nil` for the shared fixture's, made anew by each process.
    private let throwaway: ThrowawayDatabase?
    static let issuer = "https://idp.example.test"
    static let audience = "otop-intake"
    /// The sign-in codes' key and the LINE channel secret of the fixture's intake (sign-in on).
    static let signIn = SignInSettings(key: CodeKey.random(), lineChannelSecret: "route-test LINE channel secret, 32+")

    private init(pool: PostgresPool, api: IntakeAPI, clients: ClientStore, timeline: InboxBatchProcessor, signer: JWTKeyCollection,
                 logger: Logger, routes: RouterResponder<IntakeRequestContext>, throwaway: ThrowawayDatabase?) {
        self.pool = pool
        self.api = api
        self.clients = clients
        self.timeline = timeline
        self.signer = signer
        self.logger = logger
        self.routes = routes
        self.throwaway = throwaway
    }

    /// A fixture on a new database whose API reads the time from `now`; the caller tears it down.
    static func make(now: @escaping @Sendable () -> Date = Date.init) async throws -> RouteFixture {
        let logger = Self.quietLogger
        let database = try await ThrowawayDatabase.create(prefix: "otop_it", maxConnections: 6, logger: logger)
        do {
            return try await make(pool: database.pool, throwaway: database, now: now, logger: logger)
        } catch {
            await database.drop()
            throw error
        }
    }

    /// The fixture on `pool` (migrated here).
    static func make(pool: PostgresPool, throwaway: ThrowawayDatabase?, now: @escaping @Sendable () -> Date,
                     logger: Logger) async throws -> RouteFixture {
        _ = try await IntakeService.migrator().migrate(on: pool, logger: logger)
        let key = ES256PrivateKey()
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key)
        let verifier = try await JWTVerifier(settings: JWTSettings(issuer: issuer, audience: audience,
                                                                   publicKeysPEM: key.publicKey.pemRepresentation,
                                                                   hs256Secret: "a shared secret of the test issuer, 32+ bytes"))
        let clients = ClientStore(pool: pool)
        let api = IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger),
                            clients: clients, jwt: verifier,
                            certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()),
                            signIn: signIn, now: now)
        let timeline = try InboxBatchProcessor(consumer: "intake.timeline", service: .intake, schema: IntakeService.schema,
                                               pool: pool, routes: EventRoutes(TimelineHandler()), logger: logger)
        return RouteFixture(pool: pool, api: api, clients: clients, timeline: timeline, signer: signer, logger: logger,
                            routes: api.router(operations: operations).buildResponder(), throwaway: throwaway)
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
        await throwaway?.drop()
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "intake-route-tests")
        logger.logLevel = .warning
        return logger
    }

    private static var operations: OperationsRoutes {
        OperationsRoutes(health: HealthRegistry(policy: HealthPolicy()), registry: PrometheusCollectorRegistry())
    }

    // MARK: Calling the routes

    /// A client of the fixture's routes.
    var call: RouteClient { RouteClient(routes: routes, logger: logger) }

    /// Runs `body` with a client of the fixture's routes.
    func serve(_ body: (RouteClient) async throws -> Void) async throws {
        try await body(call)
    }

    /// A client of another API on the fixture's database, whose retries with a used
    /// `Idempotency-Key` wait up to `idempotencyWait` for the first request to finish.
    func call(idempotencyWait: Duration) -> RouteClient {
        let api = IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger),
                            clients: ClientStore(pool: pool), jwt: nil,
                            certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()),
                            idempotencyWait: idempotencyWait)
        return RouteClient(routes: api.router(operations: Self.operations).buildResponder(), logger: logger)
    }

    /// A new API client's bearer token.
    func token(_ role: Role, enterprise: UUID? = nil, provider: UUID? = nil, region: Region? = nil) async throws -> String {
        try await clients.create(name: "\(role.rawValue) test", role: role, enterpriseID: enterprise, providerID: provider,
                                 region: region).1
    }

    /// A JWT signed by the fixture's issuer key with `claims` (iss, aud, sub, exp filled unless given).
    func jwt(_ claims: [String: Any]) async throws -> String {
        var all: [String: Any] = ["iss": Self.issuer, "aud": Self.audience, "sub": "user-\(UUID().uuidString.prefix(8))",
                                  "exp": Date().addingTimeInterval(600).timeIntervalSince1970]
        for (name, value) in claims { all[name] = value }
        all = all.filter { !($0.value is NSNull) }
        return try await signer.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: all)))
    }

    // MARK: Events in and out

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

    /// The number of outbox rows of `type` whose key is `key`.
    func outboxCount(type: String, key: String) async throws -> Int {
        try await pool.query("""
            SELECT count(*)::int AS n FROM intake.outbox
            WHERE message_key = convert_to(\(key), 'UTF8') AND convert_from(payload, 'UTF8')::jsonb->>'type' = \(type)
            """)[0].decode(Int.self, column: "n")
    }

    /// The outbox rows' CloudEvents types, in order (`tombstone` for a tombstone).
    func outboxTypes() async throws -> [String] {
        try await pool.query("SELECT headers->>'ce_type' AS type FROM intake.outbox ORDER BY seq")
            .map { try $0.decode(String?.self, column: "type") ?? "tombstone" }
    }

    /// `SELECT count(*)::int8 AS n ...` on the fixture's database.
    func count(_ sql: String) async throws -> Int {
        Int(try await pool.query(PostgresQuery(sql: sql)).first?.decode(Int64.self, column: "n") ?? 0)
    }
}
