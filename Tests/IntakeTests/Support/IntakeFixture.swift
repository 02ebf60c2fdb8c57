import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import Logging
import Messaging
import NIOCore
import Postgres
import Prometheus
import ServiceRuntime
import Testing
@testable import IntakeService

/// Intake's API in process (HummingbirdTesting's router mode) on a database of its own in the real
/// PostgreSQL, with the parties every route test uses registered through the API itself: two
/// enterprises (north: Chiang Mai, south: Songkhla), two providers (north, south), and a client of
/// each role (officers unscoped and scoped to the north). No broker: the outbox rows are the evidence.
final class IntakeFixture: Sendable {
    let pool: PostgresPool
    let api: IntakeAPI
    let routes: RouterResponder<IntakeRequestContext>
    let tokens: Tokens
    let ids: Parties
    /// Signs JWTs the fixture's intake accepts (ES256, issuer and audience below).
    let signer: JWTKeyCollection
    static let issuer = "https://idp.example.test"
    static let audience = "otop-intake"

    struct Tokens: Sendable {
        var `operator`: String
        var officer: String
        var northOfficer: String
        var northEnterprise: String
        var southEnterprise: String
        var northProvider: String
    }

    struct Parties: Sendable {
        var northEnterprise: UUID
        var northProduct: UUID
        var southEnterprise: UUID
        var northProvider: UUID
        var southProvider: UUID
        var officerClient: UUID
        var northRequest: UUID
        var southRequest: UUID
    }

    /// The fixture every suite shares (set up once per test process).
    static func shared() async throws -> IntakeFixture {
        try await Holder.instance.fixture()
    }

    private actor Holder {
        static let instance = Holder()
        /// One setup, awaited by every suite (the actor is re-entered while it runs).
        var setup: Task<IntakeFixture, any Error>?

        func fixture() async throws -> IntakeFixture {
            if let setup { return try await setup.value }
            let task = Task { try await IntakeFixture.make() }
            setup = task
            return try await task.value
        }
    }

    private init(pool: PostgresPool, api: IntakeAPI, routes: RouterResponder<IntakeRequestContext>, tokens: Tokens, ids: Parties,
                 signer: JWTKeyCollection) {
        self.pool = pool
        self.api = api
        self.routes = routes
        self.tokens = tokens
        self.ids = ids
        self.signer = signer
    }

    private static func make() async throws -> IntakeFixture {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            Issue.record("DATABASE_URL must be set: run the tests with scripts/test.sh")
            throw CancellationError()
        }
        var logger = Logger(label: "intake-route-tests")
        logger.logLevel = .warning
        // A database of its own, made anew for every test process.
        let server = try PostgresConfiguration(url: url)
        let name = "\(server.database)_intake_routes"
        var maintenance = server
        maintenance.database = "postgres"
        let admin = PostgresPool(configuration: maintenance, maxConnections: 1, logger: logger)
        _ = try await admin.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        _ = try await admin.execute("CREATE DATABASE \(identifier: name)")
        await admin.close()
        var configuration = server
        configuration.database = name
        let pool = PostgresPool(configuration: configuration, maxConnections: 8, logger: logger)
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
                            certification: CertificationStore(pool: pool, catalogue: .default, schedule: CertificationSchedule()))
        let router = api.router(operations: OperationsRoutes(health: HealthRegistry(policy: HealthPolicy()),
                                                             registry: .init()))
        let responder = router.buildResponder()
        let operatorToken = "otop_test_operator_\(UUID().uuidString)"
        try await clients.ensureOperator(token: operatorToken, name: "route-test operator")
        let call = Caller(routes: responder)

        let (officer, officerToken) = try await clients.create(name: "officer", role: .officer, enterpriseID: nil, providerID: nil)
        let north = try await call.json(.post, "/v1/enterprises", token: officerToken, Samples.enterprise(province: "TH-50", registrationNumber: "1234567890121"))
        let south = try await call.json(.post, "/v1/enterprises", token: officerToken, Samples.enterprise(province: "TH-90"))
        let northProvider = try await call.json(.post, "/v1/providers", token: officerToken, Samples.provider(provinces: ["TH-50"]))
        let southProvider = try await call.json(.post, "/v1/providers", token: officerToken, Samples.provider(regions: ["south"]))
        guard let northID = north.id, let southID = south.id, let northProviderID = northProvider.id,
              let southProviderID = southProvider.id,
              let product = (north.object?["products"] as? [[String: Any]])?.first?["id"] as? String,
              let productID = UUID(uuidString: product) else {
            Issue.record("the fixture's parties were not registered: \(north.status) \(north.text)")
            throw CancellationError()
        }
        let (_, northOfficer) = try await clients.create(name: "north officer", role: .officer, enterpriseID: nil, providerID: nil,
                                                         region: .north)
        let (_, northEnterprise) = try await clients.create(name: "north enterprise", role: .enterprise, enterpriseID: northID, providerID: nil)
        let (_, southEnterprise) = try await clients.create(name: "south enterprise", role: .enterprise, enterpriseID: southID, providerID: nil)
        let (_, providerToken) = try await clients.create(name: "north provider", role: .provider, enterpriseID: nil,
                                                          providerID: northProviderID)
        let northRequest = try await call.json(.post, "/v1/requests", token: officerToken, Samples.request(enterprise: northID))
        let southRequest = try await call.json(.post, "/v1/requests", token: officerToken, Samples.request(enterprise: southID))
        guard let northRequestID = northRequest.id, let southRequestID = southRequest.id else {
            Issue.record("the fixture's requests were not submitted: \(northRequest.status) \(northRequest.text)")
            throw CancellationError()
        }
        return IntakeFixture(
            pool: pool, api: api, routes: responder,
            tokens: Tokens(operator: operatorToken, officer: officerToken, northOfficer: northOfficer,
                           northEnterprise: northEnterprise, southEnterprise: southEnterprise, northProvider: providerToken),
            ids: Parties(northEnterprise: northID, northProduct: productID, southEnterprise: southID,
                         northProvider: northProviderID, southProvider: southProviderID, officerClient: officer.id,
                         northRequest: northRequestID, southRequest: southRequestID),
            signer: signer)
    }

    /// A caller of the fixture's routes.
    var call: Caller { Caller(routes: routes) }

    /// A JWT signed by the fixture's issuer key with `claims` (iss, aud, sub, exp filled unless given).
    func jwt(_ claims: [String: Any]) async throws -> String {
        var all: [String: Any] = ["iss": Self.issuer, "aud": Self.audience, "sub": "user-\(UUID().uuidString.prefix(8))",
                                  "exp": Date().addingTimeInterval(600).timeIntervalSince1970]
        for (name, value) in claims { all[name] = value }
        all = all.filter { !($0.value is NSNull) }
        return try await signer.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: all)))
    }

    /// The number of outbox rows of `type` whose key is `key`.
    func outboxCount(type: String, key: String) async throws -> Int {
        try await pool.query("""
            SELECT count(*)::int AS n FROM intake.outbox
            WHERE message_key = convert_to(\(key), 'UTF8') AND convert_from(payload, 'UTF8')::jsonb->>'type' = \(type)
            """)[0].decode(Int.self, column: "n")
    }
}

/// Claims given as raw JSON, for signing test tokens of any shape.
struct RawClaims: JWTPayload {
    let json: Data

    init(json: Data) { self.json = json }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "only for signing"))
    }

    func encode(to encoder: any Encoder) throws {
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        var container = encoder.container(keyedBy: AnyKey.self)
        for (name, value) in object {
            let key = AnyKey(stringValue: name)
            switch value {
            case let text as String: try container.encode(text, forKey: key)
            case let number as NSNumber: try container.encode(number.doubleValue, forKey: key)
            case let list as [String]: try container.encode(list, forKey: key)
            default: break
            }
        }
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// Sends requests to the router in process and reads the answers.
struct Caller: Sendable {
    let routes: RouterResponder<IntakeRequestContext>

    /// An answer: status, headers, body bytes, and the body as JSON when it is.
    struct Answer: @unchecked Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
        var object: [String: Any]? { json as? [String: Any] }
        var id: UUID? { (object?["id"] as? String).flatMap(UUID.init(uuidString:)) }
        /// The JSON Pointers (or parameter names) of a problem's errors.
        var fields: [String] {
            (object?["errors"] as? [[String: String]] ?? []).map { $0["pointer"] ?? $0["parameter"] ?? "?" }
        }
        var etag: String? { headers[.eTag] }
    }

    func send(_ method: HTTPRequest.Method, _ path: String, token: String?, body: [UInt8]? = nil,
              contentType: String? = "application/json", headers extra: HTTPFields = [:]) async throws -> Answer {
        var fields = extra
        if let token { fields[.authorization] = "Bearer \(token)" }
        if body != nil, let contentType, fields[.contentType] == nil { fields[.contentType] = contentType }
        let headers = fields
        var logger = Logger(label: "intake-route-tests")
        logger.logLevel = .warning
        let app = Application(responder: routes, logger: logger)
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: path, method: method, headers: headers,
                                                    body: body.map { ByteBuffer(bytes: $0) })
            return Answer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
        }
    }

    /// Sends `body` (a JSON object) and reads the answer.
    func json(_ method: HTTPRequest.Method, _ path: String, token: String?, _ body: [String: Any]? = nil,
              contentType: String = "application/json", headers: HTTPFields = [:]) async throws -> Answer {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        return try await send(method, path, token: token, body: bytes, contentType: contentType, headers: headers)
    }
}

/// Valid bodies to start from.
enum Samples {
    /// An enterprise; its registration number (unique among enterprises, migration 0010) is drawn
    /// at random unless given.
    static func enterprise(province: String, name: String = "วิสาหกิจชุมชนทดสอบ",
                           registrationNumber: String = registrationNumber()) -> [String: Any] {
        ["name": name, "kind": "communityEnterprise", "registrationNumber": registrationNumber, "provinceCode": province,
         "district": "เมือง", "products": [["name": "น้ำพริกหนุ่ม", "productType": "food", "foodSubgroup": "processedFood"]],
         "contacts": [["name": "นางสมศรี", "phone": "081-234-5678", "email": "somsri@example.org", "channels": ["sms", "email"]]]]
    }

    /// A random 13-digit registration number with a valid check digit (the Thai id number rule).
    static func registrationNumber() -> String {
        let digits = (0..<12).map { _ in Int.random(in: 0...9) }
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * (13 - $1.offset) }
        return digits.map(String.init).joined() + String((11 - sum % 11) % 10)
    }

    static func provider(provinces: [String] = [], regions: [String] = []) -> [String: Any] {
        ["name": "คลินิกเทคโนโลยีทดสอบ", "kind": "university", "serviceAreas": ["packagingDesign", "standardsSystem"],
         "productTypes": ["food"], "standards": ["tcps"], "provinceCodes": provinces, "regions": regions, "capacity": 5,
         "contacts": [["name": "ดร.ทดสอบ", "email": "coordinator@example.ac.th"]]]
    }

    static func request(enterprise: UUID? = nil) -> [String: Any] {
        var body: [String: Any] = ["productName": "น้ำพริกหนุ่ม", "productType": "food", "serviceAreas": ["packagingDesign"],
                                   "description": "ยืดอายุการเก็บรักษา"]
        if let enterprise { body["enterpriseId"] = enterprise.uuidString.lowercased() }
        return body
    }
}
