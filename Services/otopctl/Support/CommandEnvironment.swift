import Foundation
import Kafka
import Logging
import Messaging
import Postgres

/// Settings otopctl reads from the environment (the same variables the services use).
enum CommandEnvironment {
    static var logger: Logger {
        var logger = Logger(label: "otopctl")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    static func kafka(clientID: String = "otopctl") throws -> KafkaConfiguration {
        guard let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"], !brokers.isEmpty else {
            throw CommandError("KAFKA_BROKERS is not set (e.g. export KAFKA_BROKERS=127.0.0.1:19092)")
        }
        return KafkaConfiguration(bootstrapServers: brokers, clientID: clientID)
    }

    /// `KAFKA_TOPIC_PREFIX`, as the services use it.
    static var naming: TopicNaming {
        TopicNaming(prefix: ProcessInfo.processInfo.environment["KAFKA_TOPIC_PREFIX"] ?? "")
    }

    static func postgres() throws -> PostgresConfiguration {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            throw CommandError("DATABASE_URL is not set (e.g. export DATABASE_URL=postgresql://postgres@127.0.0.1:55432/otop)")
        }
        return try PostgresConfiguration(url: url)
    }
}

/// A failure otopctl reports in one line (exit status 1).
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
