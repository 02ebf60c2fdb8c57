import Contracts
import Kafka
import Logging
import Messaging
import Postgres
import Foundation
import ServiceRuntime
import Testing

@Suite("Service configuration from the environment")
struct ServiceConfigurationTests {
    let valid = ["DATABASE_URL": "postgresql://otop:secret@db.internal:5432/otop", "KAFKA_BROKERS": "kafka-0:9092,kafka-1:9092"]

    @Test("defaults apply when only the required variables are set")
    func defaults() throws {
        let c = try ServiceConfiguration(service: .matching, defaultHTTPPort: 8081, environment: EnvironmentReader(valid))
        #expect(c.httpPort == 8081)
        #expect(c.postgres.host == "db.internal")
        #expect(c.postgres.password == "secret")
        #expect(c.postgres.applicationName == "otop-matching")
        #expect(c.topicPartitions == 6)
        #expect(c.topicReplicationFactor == -1)
        #expect(c.logLevel == .info)
        #expect(c.topicNaming.prefix == "")
        #expect(c.kafkaDeliveryTimeout == .seconds(30))
        #expect(c.health == HealthPolicy())
        #expect(c.health.stallAfter == .seconds(30) && c.health.groupLossAfter == .seconds(30) && c.health.stuckAfter == .seconds(180))
    }

    @Test("health thresholds and the delivery timeout come from HEALTH_* and KAFKA_DELIVERY_TIMEOUT_MS")
    func healthSettings() throws {
        let environment = valid.merging(["HEALTH_STALL_SECONDS": "10", "HEALTH_GROUP_SECONDS": "20", "HEALTH_STUCK_SECONDS": "60",
                                         "KAFKA_DELIVERY_TIMEOUT_MS": "120000"]) { _, new in new }
        let c = try ServiceConfiguration(service: .intake, defaultHTTPPort: 8080, environment: EnvironmentReader(environment))
        #expect(c.health.stallAfter == .seconds(10) && c.health.groupLossAfter == .seconds(20) && c.health.stuckAfter == .seconds(60))
        #expect(c.kafkaProducer.messageTimeout == .seconds(120))
        let longStall = try ServiceConfiguration(service: .intake, defaultHTTPPort: 8080,
                                                 environment: EnvironmentReader(valid.merging(["HEALTH_STALL_SECONDS": "300"]) { _, new in new }))
        #expect(longStall.health.stuckAfter == .seconds(600), "liveness waits twice the longest readiness threshold by default")
    }

    struct BadValue: Sendable, CustomTestStringConvertible {
        var variable: String
        var value: String?
        var problem: String
        var testDescription: String { "\(variable)=\(value ?? "<unset>")" }
    }

    @Test("a bad value stops startup with the variable's name and what is wrong", arguments: [
        BadValue(variable: "DATABASE_URL", value: nil, problem: "is required but not set"),
        BadValue(variable: "DATABASE_URL", value: "mysql://x", problem: "is not a valid postgresql:// URL"),
        BadValue(variable: "KAFKA_BROKERS", value: "localhost", problem: "must be host:port"),
        BadValue(variable: "HTTP_PORT", value: "70000", problem: "must be between 1 and 65535, found 70000"),
        BadValue(variable: "HTTP_PORT", value: "eighty", problem: "must be an integer, found 'eighty'"),
        BadValue(variable: "LOG_LEVEL", value: "loud", problem: "must be one of trace, debug, info"),
        BadValue(variable: "KAFKA_TOPIC_PREFIX", value: "a b", problem: "may contain only letters"),
        BadValue(variable: "HEALTH_STUCK_SECONDS", value: "30", problem: "must be between 31 and 86400, found 30"),
        BadValue(variable: "HEALTH_STALL_SECONDS", value: "0", problem: "must be between 1 and 3600"),
        BadValue(variable: "KAFKA_DELIVERY_TIMEOUT_MS", value: "10", problem: "must be between 1000 and 3600000"),
    ])
    func badValues(_ case_: BadValue) {
        var environment = valid
        environment[case_.variable] = case_.value
        #expect {
            _ = try ServiceConfiguration(service: .intake, defaultHTTPPort: 8080, environment: EnvironmentReader(environment))
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == case_.variable && error.problem.contains(case_.problem)
        }
    }
}
