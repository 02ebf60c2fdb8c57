import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres

/// The settings every service reads at startup (see docs/configuration.md for the full list).
public struct ServiceConfiguration: Sendable {
    public var service: ServiceName
    /// Distinguishes replicas in logs and Kafka client ids (`HOSTNAME` in containers).
    public var instance: String
    public var postgres: PostgresConfiguration
    public var databasePoolSize: Int
    public var kafkaBrokers: String
    public var httpHost: String
    public var httpPort: Int
    public var logLevel: Logger.Level
    public var topicPartitions: Int32
    public var topicReplicationFactor: Int16
    /// Consumer batch size (events per transaction).
    public var consumerBatchSize: Int
    /// librdkafka statistics interval; consumer lag metrics come from these.
    public var kafkaStatisticsInterval: Duration?
    /// `KAFKA_TOPIC_PREFIX`: isolates environments sharing a broker (empty in production).
    public var topicNaming: TopicNaming
    /// `KAFKA_DELIVERY_TIMEOUT_MS`: how long the producer tries to deliver a message
    /// (`delivery.timeout.ms`); see docs/kafka.md for its link to producer fencing on tansu.
    public var kafkaDeliveryTimeout: Duration
    /// `HEALTH_*`: when the probes report a stall, a lost consumer group, a stuck component.
    public var health: HealthPolicy
    /// The programme's rules as data (regions, coupons, names, support types): the bundled files,
    /// or those of the folder `PROGRAMME_DATA_DIR` names (docs/programme-data.md).
    public var programme: ProgrammeData
    public var environment: EnvironmentReader

    /// Reads the settings; the first bad value stops startup with a ``ConfigurationError``.
    public init(service: ServiceName, defaultHTTPPort: Int, environment: EnvironmentReader = EnvironmentReader()) throws(ConfigurationError) {
        self.service = service
        self.environment = environment
        self.instance = environment.string("HOSTNAME", default: ProcessInfo.processInfo.hostName)
        let url = try environment.required("DATABASE_URL")
        do {
            var postgres = try PostgresConfiguration(url: url)
            postgres.applicationName = "otop-\(service.rawValue)"
            self.postgres = postgres
        } catch {
            throw ConfigurationError(variable: "DATABASE_URL", problem: "is not a valid postgresql:// URL (\(error.message))")
        }
        self.databasePoolSize = try environment.int("DATABASE_POOL_SIZE", default: 16, in: 1...200)
        self.kafkaBrokers = try environment.required("KAFKA_BROKERS")
        guard kafkaBrokers.split(separator: ",").allSatisfy({ $0.contains(":") }) else {
            throw ConfigurationError(variable: "KAFKA_BROKERS", problem: "must be host:port[,host:port...], found '\(kafkaBrokers)'")
        }
        self.httpHost = environment.string("HTTP_HOST", default: "0.0.0.0")
        self.httpPort = try environment.int("HTTP_PORT", default: defaultHTTPPort, in: 1...65535)
        self.logLevel = try environment.oneOf("LOG_LEVEL", default: Logger.Level.info)
        self.topicPartitions = Int32(try environment.int("KAFKA_TOPIC_PARTITIONS", default: 6, in: 1...1000))
        self.topicReplicationFactor = Int16(try environment.int("KAFKA_REPLICATION_FACTOR", default: -1, in: -1...10))
        self.consumerBatchSize = try environment.int("CONSUMER_BATCH_SIZE", default: 500, in: 1...10_000)
        let statsMs = try environment.int("KAFKA_STATISTICS_INTERVAL_MS", default: 15_000, in: 0...3_600_000)
        self.kafkaStatisticsInterval = statsMs == 0 ? nil : .milliseconds(statsMs)
        let prefix = environment.string("KAFKA_TOPIC_PREFIX", default: "")
        guard prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw ConfigurationError(variable: "KAFKA_TOPIC_PREFIX", problem: "may contain only letters, digits, '.', '_' and '-'")
        }
        self.topicNaming = TopicNaming(prefix: prefix)
        self.kafkaDeliveryTimeout = try environment.milliseconds("KAFKA_DELIVERY_TIMEOUT_MS", default: .seconds(30), in: 1000...3_600_000)
        var health = HealthPolicy()
        health.stallAfter = .seconds(try environment.int("HEALTH_STALL_SECONDS", default: 30, in: 1...3600))
        health.groupLossAfter = .seconds(try environment.int("HEALTH_GROUP_SECONDS", default: 30, in: 1...3600))
        let stallOrGroup = max(health.stallAfter, health.groupLossAfter).components.seconds
        health.stuckAfter = .seconds(try environment.int("HEALTH_STUCK_SECONDS", default: max(180, Int(stallOrGroup) * 2),
                                                         in: (Int(stallOrGroup) + 1)...86_400))
        self.health = health
        self.programme = try Self.programme(environment)
    }

    /// The programme's data files, the deployment's where `PROGRAMME_DATA_DIR` has them; a bad
    /// file is a ``ConfigurationError`` naming the file, the entry and the field.
    public static func programme(_ environment: EnvironmentReader) throws(ConfigurationError) -> ProgrammeData {
        let folder = environment.optional("PROGRAMME_DATA_DIR").map { URL(fileURLWithPath: $0, isDirectory: true) }
        do {
            return try ProgrammeData.load(folder: folder)
        } catch {
            throw ConfigurationError(variable: "PROGRAMME_DATA_DIR", problem: "\(error)")
        }
    }

    /// Settings for this service's producer.
    public var kafkaProducer: KafkaProducerConfiguration {
        var producer = KafkaProducerConfiguration(client: kafkaClient(suffix: "producer"))
        producer.messageTimeout = kafkaDeliveryTimeout
        return producer
    }

    /// Client settings for this service's Kafka clients.
    public func kafkaClient(suffix: String) -> KafkaConfiguration {
        var client = KafkaConfiguration(bootstrapServers: kafkaBrokers, clientID: "\(service.rawValue)-\(suffix)-\(instance)")
        client.statisticsInterval = kafkaStatisticsInterval
        return client
    }
}
