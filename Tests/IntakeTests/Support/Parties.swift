import Contracts
import Domain
import Foundation
import HTTPTypes
import Kafka
@testable import IntakeService
import Logging
import Messaging
import Postgres
import TestSupport
import Testing

/// The parties every suite of the shared fixture uses, registered through the API itself: two
/// enterprises (north: Chiang Mai, south: Songkhla), two providers (north, south), a request of
/// each enterprise, and a client of each role (officers unscoped and scoped to the north, the ministry).
struct Parties: Sendable {
    struct Tokens: Sendable {
        var `operator`: String
        var officer: String
        var northOfficer: String
        var ministry: String
        var northEnterprise: String
        var southEnterprise: String
        var northProvider: String
    }

    struct IDs: Sendable {
        var northEnterprise: UUID
        var northProduct: UUID
        var southEnterprise: UUID
        var northProvider: UUID
        var southProvider: UUID
        var officerClient: UUID
        var northRequest: UUID
        var southRequest: UUID
    }

    var tokens: Tokens
    var ids: IDs

    /// Registers the parties on `fixture`.
    static func register(on fixture: RouteFixture) async throws -> Parties {
        let clients = fixture.clients, call = fixture.call
        let operatorToken = "otop_test_operator_\(UUID().uuidString)"
        try await clients.ensureOperator(token: operatorToken, name: "route-test operator")
        let (officer, officerToken) = try await clients.create(name: "officer", role: .officer, enterpriseID: nil, providerID: nil)
        let north = try await call.json(.post, "/v1/enterprises", token: officerToken,
                                        Samples.enterprise(province: "TH-50", registrationNumber: "1234567890121"))
        let south = try await call.json(.post, "/v1/enterprises", token: officerToken, Samples.enterprise(province: "TH-90"))
        let northProvider = try await call.json(.post, "/v1/providers", token: officerToken, Samples.provider(provinces: ["TH-50"]))
        let southProvider = try await call.json(.post, "/v1/providers", token: officerToken, Samples.provider(regions: ["south"]))
        guard let northID = north.id, let southID = south.id, let northProviderID = northProvider.id,
              let southProviderID = southProvider.id,
              let productID = (try? north.decode(EnterpriseView.self))?.products.first?.id else {
            Issue.record("the fixture's parties were not registered: \(north.status) \(north.text)")
            throw CancellationError()
        }
        let (_, northOfficer) = try await clients.create(name: "north officer", role: .officer, enterpriseID: nil, providerID: nil,
                                                         region: .north)
        let (_, ministry) = try await clients.create(name: "ministry", role: .ministry, enterpriseID: nil, providerID: nil)
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
        return Parties(
            tokens: Tokens(operator: operatorToken, officer: officerToken, northOfficer: northOfficer, ministry: ministry,
                           northEnterprise: northEnterprise, southEnterprise: southEnterprise, northProvider: providerToken),
            ids: IDs(northEnterprise: northID, northProduct: productID, southEnterprise: southID,
                     northProvider: northProviderID, southProvider: southProviderID, officerClient: officer.id,
                     northRequest: northRequestID, southRequest: southRequestID))
    }
}

extension RouteFixture {
    /// The fixture every suite of the test process shares, on a database made anew for the process
    /// (`<database>_intake_routes`), with ``Parties`` registered (set up once, awaited by every suite).
    static func shared() async throws -> (RouteFixture, Parties) {
        try await SharedFixture.instance.fixture()
    }

    private actor SharedFixture {
        static let instance = SharedFixture()
        /// One setup, awaited by every suite (the actor is re-entered while it runs).
        var setup: Task<(RouteFixture, Parties), any Error>?

        func fixture() async throws -> (RouteFixture, Parties) {
            if let setup { return try await setup.value }
            let task = Task { try await make() }
            setup = task
            return try await task.value
        }

        private func make() async throws -> (RouteFixture, Parties) {
            var logger = Logger(label: "intake-route-tests")
            logger.logLevel = .warning
            let server = try PostgresConfiguration(url: try TestEnvironment.databaseURL())
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
            let harness = ConsumerHarness(pool: pool, service: .intake, schema: IntakeService.schema, logger: logger)
            // The shared broker, under a prefix no topic has: every dead-letter count is 0.
            let broker = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: try TestEnvironment.kafkaBrokers(),
                                                                         clientID: "intake-route-tests"),
                                       logger: logger, requestTimeout: .seconds(3))
            let deadLetters = DeadLetterGauge(admin: broker, naming: TopicNaming(prefix: uniqueName("it", separator: "-") + "."))
            let fixture = try await RouteFixture.make(harness: harness, clock: .system, deadLetters: deadLetters)
            return (fixture, try await Parties.register(on: fixture))
        }
    }
}
