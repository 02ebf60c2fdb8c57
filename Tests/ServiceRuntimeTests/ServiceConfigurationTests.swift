import Contracts
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
