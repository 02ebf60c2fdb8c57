import Foundation
import Kafka
import Logging
import Postgres
import ServiceRuntime
import TestSupport
import Testing

/// `/health/ready` is "database and broker reachable": each probe against the real PostgreSQL and
/// broker answers healthy, and against a port nothing listens on names what is wrong.
@Suite("Readiness probes (real PostgreSQL and broker)")
struct ReadinessCheckTests {
    private func environment(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            Issue.record("\(name) is not set: run the tests with scripts/test.sh")
            throw CancellationError()
        }
        return value
    }

    private var logger: Logger {
        var logger = Logger(label: "readiness-tests")
        logger.logLevel = .critical
        return logger
    }

    @Test("the database probe is healthy on the real server and names PostgreSQL when nothing listens")
    func database() async throws {
        let reachable = PostgresPool(configuration: try PostgresConfiguration(url: try environment("DATABASE_URL")),
                                     maxConnections: 1, logger: logger)
        var closed = PostgresConfiguration(port: try freeLoopbackPort(), connectTimeoutSeconds: 2)
        closed.database = "otop"
        let unreachable = PostgresPool(configuration: closed, maxConnections: 1, logger: logger)
        #expect(await ReadinessCheck.database(reachable).probe() == nil)
        let problem = await ReadinessCheck.database(unreachable).probe()
        #expect(problem?.contains("PostgreSQL") == true, "\(String(describing: problem))")
        await reachable.close()
        await unreachable.close()
    }

    @Test("the broker probe is healthy on the real broker and says the metadata request failed when nothing listens")
    func broker() async throws {
        let reachable = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: try environment("KAFKA_BROKERS"),
                                                                         clientID: "readiness-tests"),
                                       logger: logger, requestTimeout: .seconds(10))
        let unreachable = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:\(try freeLoopbackPort())",
                                                                           clientID: "readiness-tests"),
                                         logger: logger, requestTimeout: .seconds(2))
        #expect(await ReadinessCheck.broker(reachable).probe() == nil)
        let problem = await ReadinessCheck.broker(unreachable).probe()
        #expect(problem?.contains("Kafka metadata request failed") == true, "\(String(describing: problem))")
    }
}
