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
/// its outbox. No broker. JWTs signed with ``jwt(_:)`` are accepted (ES256, ``issuer``, ``audience``),
/// and so are the portal's, signed with ``portalJWT(_:kid:)`` (``portalIssuer``, keys ``portalKeyIDs``).
///
/// A test makes a fixture of its own with ``with(clock:_:)`` (dropped afterwards), or shares the one
/// of the test process with the parties every suite uses already registered (``shared()``).
final class RouteFixture: Sendable {
    /// Intake's schema and its timeline consumer run through the inbox processor (TestSupport).
    let harness: ConsumerHarness
    var pool: PostgresPool { harness.pool }
    var logger: Logger { harness.logger }
    let api: IntakeAPI
    let clients: ClientStore
    let timeline: InboxBatchProcessor
    /// Signs JWTs the fixture's intake accepts.
    let signer: JWTKeyCollection
    /// Signs the portal's JWTs, with each of ``portalKeyIDs``.
    let portalSigner: JWTKeyCollection
    private let routes: RouterResponder<IntakeRequestContext>
    static let issuer = "https://idp.example.test"
    static let audience = "otop-intake"
    static let portalIssuer = "otop-portal"
    /// The portal's two keys (a rotation in progress).
    static let portalKeyIDs = ["portal-2026-11", "portal-2026-12"]
    /// The sign-in codes' key and the LINE channel secret of the fixture's intake (sign-in on).
    static let signIn = SignInSettings(key: CodeKey.random(), lineChannelSecret: "route-test LINE channel secret, 32+")

    private init(harness: ConsumerHarness, api: IntakeAPI, clients: ClientStore, timeline: InboxBatchProcessor, signer: JWTKeyCollection,
                 portalSigner: JWTKeyCollection, routes: RouterResponder<IntakeRequestContext>) {
        self.harness = harness
        self.portalSigner = portalSigner
        self.api = api
        self.clients = clients
        self.timeline = timeline
        self.signer = signer
        self.routes = routes
    }

    /// A fixture on a new database whose API reads the time from `clock` (and lasts the hand-off as
    /// `handOff` says); the caller tears it down. `deadLetters` answers `GET /v1/operations/dead-letters`
    /// (503 without one).
    static func make(clock: any WallClock = .system, handOff: HandOffPolicy = HandOffPolicy(),
                     deadLetters: DeadLetterGauge? = nil) async throws -> RouteFixture {
        let harness = try await ConsumerHarness.make(prefix: "otop_it", service: .intake, schema: IntakeService.schema,
                                                     migrators: [IntakeService.migrator()])
        do {
            return try await make(harness: harness, clock: clock, handOff: handOff, deadLetters: deadLetters)
        } catch {
            await harness.tearDown()
            throw error
        }
    }

    /// The fixture over `harness`'s database (migrated already).
    static func make(harness: ConsumerHarness, clock: any WallClock,
                     handOff: HandOffPolicy = HandOffPolicy(),
                     deadLetters: DeadLetterGauge? = nil) async throws -> RouteFixture {
        let pool = harness.pool, logger = harness.logger
        let key = ES256PrivateKey()
        let signer = JWTKeyCollection()
        await signer.add(ecdsa: key)
        let portalSigner = JWTKeyCollection()
        var portalKeys: [[String: String]] = []
        for kid in portalKeyIDs {
            let portalKey = ES256PrivateKey()
            await portalSigner.add(ecdsa: portalKey, kid: JWKIdentifier(string: kid))
            let point = try #require(portalKey.publicKey.parameters)
            portalKeys.append(["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": kid, "x": point.x, "y": point.y])
        }
        let jwks = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": portalKeys]), as: UTF8.self)
        let verifier = try await JWTVerifier(settings: JWTSettings(issuer: issuer, audience: audience,
                                                                   publicKeysPEM: key.publicKey.pemRepresentation,
                                                                   hs256Secret: "a shared secret of the test issuer, 32+ bytes"),
                                             portal: PortalJWTSettings(issuer: portalIssuer, audience: audience, jwks: jwks))
        let clients = ClientStore(pool: pool)
        let api = IntakeAPI(pool: pool, notifier: OutboxNotifier(schema: IntakeService.schema, pool: pool, logger: logger),
                            clients: clients, jwt: verifier,
                            certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()),
                            handOff: handOff, signIn: signIn, deadLetters: deadLetters, clock: clock)
        let timeline = try harness.processor("intake.timeline", handler: TimelineHandler())
        return RouteFixture(harness: harness, api: api, clients: clients, timeline: timeline, signer: signer,
                            portalSigner: portalSigner,
                            routes: api.router(operations: operations).buildResponder())
    }

    /// Runs `body` on a new fixture and tears it down, whatever happened.
    static func with(clock: any WallClock = .system, handOff: HandOffPolicy = HandOffPolicy(),
                     deadLetters: DeadLetterGauge? = nil,
                     _ body: (RouteFixture) async throws -> Void) async throws {
        let fixture = try await make(clock: clock, handOff: handOff, deadLetters: deadLetters)
        try await tearingDown({ await fixture.tearDown() }) { try await body(fixture) }
    }

    /// Drops the fixture's database (the shared fixture's is left for the process).
    func tearDown() async {
        await harness.tearDown()
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

    /// A JWT of the portal issuer signed with the key `kid` (the first by default) with `claims`:
    /// iss, aud, a new account's UUID as sub, iat now, exp in 300 s, and a name filled unless given
    /// (`NSNull()` leaves a claim out).
    func portalJWT(_ claims: [String: Any], kid: String = RouteFixture.portalKeyIDs[0]) async throws -> String {
        let now = Date().timeIntervalSince1970
        var all: [String: Any] = ["iss": Self.portalIssuer, "aud": Self.audience, "sub": UUID().lowercased,
                                  "iat": now, "exp": now + 300, "jti": UUID().lowercased, "name": "สมศรี ใจดี"]
        for (name, value) in claims { all[name] = value }
        all = all.filter { !($0.value is NSNull) }
        return try await portalSigner.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: all)),
                                           kid: JWKIdentifier(string: kid))
    }

    // MARK: Events in and out

    /// Feeds other services' events to the timeline handler, one batch.
    func deliver<Payload: EventPayload>(_ payloads: Payload..., time: Date = Date(),
                                        sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let (_, outcome) = try await harness.deliver(payloads, to: timeline, source: "/otop/tests", time: time)
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
    }

    /// The events intake published of one type, oldest first.
    func published<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await harness.events(type)
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
