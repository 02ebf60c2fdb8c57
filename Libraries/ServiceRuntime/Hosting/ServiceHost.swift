import Contracts
import Domain
import Foundation
import Hummingbird
import Kafka
import Logging
import Messaging
import Metrics
import Postgres
import Prometheus
import ServiceLifecycle
import UnixSignals

/// Everything a service process shares: configuration, logging, metrics, the database pool, the
/// Kafka producer (supervised: replaced when it fails for good) and admin client, and the health
/// registry the probes read. `start` brings them up (migrating the service's schema and ensuring
/// topics, retrying while PostgreSQL or the broker are still starting); `run` serves until
/// SIGTERM/SIGINT and shuts down gracefully.
public final class ServiceHost: Sendable {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let pool: PostgresPool
    /// The process's one producer (outbox relay and dead letters), replaced when it fails for good.
    public let producer: KafkaProducerSupervisor
    public let admin: KafkaAdmin
    public let registry: PrometheusCollectorRegistry
    /// What `/health/ready` and `/health/live` read: the database and broker monitors, the producer,
    /// and every relay and consumer made by ``outboxRelay(schema:)`` and ``consumer(name:schema:topics:handler:)``.
    public let health: HealthRegistry

    private init(configuration: ServiceConfiguration, logger: Logger, pool: PostgresPool, producer: KafkaProducerSupervisor,
                 admin: KafkaAdmin, registry: PrometheusCollectorRegistry) {
        self.configuration = configuration
        self.logger = logger
        self.pool = pool
        self.producer = producer
        self.admin = admin
        self.registry = registry
        health = HealthRegistry(policy: configuration.health)
        health.add(.database(configuration.postgres, logger: logger))
        health.add(.broker(admin))
        health.add(.producer(producer))
    }

    /// Reads configuration (exiting with status 78 and the variable's name when it is bad),
    /// bootstraps logging and metrics, connects, migrates `migrations` and ensures the topics.
    public static func start(service: ServiceName, defaultHTTPPort: Int, migrations: [PostgresMigrator]) async throws -> ServiceHost {
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(service: service, defaultHTTPPort: defaultHTTPPort)
        } catch {
            FileHandle.standardError.write(Data("\(service.rawValue): \(error)\n".utf8))
            exit(78)
        }
        // Provinces are served by the regional offices of the configured file from here on.
        RegionalStructure.install(configuration.programme.regions)
        JSONLogHandler.bootstrap(service: service.rawValue, instance: configuration.instance, level: configuration.logLevel)
        let registry = PrometheusBootstrap.bootstrap()
        let logger = Logger(label: "otop.\(service.rawValue)")
        logger.info("starting", metadata: ["http_port": "\(configuration.httpPort)", "kafka": "\(configuration.kafkaBrokers)",
                                           "database": "\(configuration.postgres.host):\(configuration.postgres.port)/\(configuration.postgres.database)"])
        logger.info("programme data", metadata: configuration.programme.summary.mapValues { .string($0) })

        let pool = PostgresPool(configuration: configuration.postgres, maxConnections: configuration.databasePoolSize, logger: logger)
        try await retryingStartup("database migrations", logger: logger) {
            for migrator in migrations {
                let applied = try await migrator.migrate(on: pool, logger: logger)
                if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
            }
        }
        let producer = try KafkaProducerSupervisor(configuration: configuration.kafkaProducer, logger: logger)
        let admin = try KafkaAdmin(configuration: configuration.kafkaClient(suffix: "admin"), logger: logger,
                                   requestTimeout: .seconds(5))
        let specs = TopicPlan.specs(partitions: configuration.topicPartitions, replicationFactor: configuration.topicReplicationFactor,
                                    prefix: configuration.topicNaming.prefix)
        try await retryingStartup("ensure topics", logger: logger) {
            try await admin.ensureTopics(specs, timeout: .seconds(30))
        }
        return ServiceHost(configuration: configuration, logger: logger, pool: pool, producer: producer, admin: admin, registry: registry)
    }

    /// A relay for this service's outbox, watched by the health probes.
    public func outboxRelay(schema: String) -> OutboxRelay {
        var relay = OutboxRelay.Configuration(schema: schema)
        relay.naming = configuration.topicNaming
        let outboxRelay = OutboxRelay(configuration: relay, pool: pool, postgres: configuration.postgres, producer: producer, logger: logger)
        health.add(.relay(outboxRelay.progress))
        return outboxRelay
    }

    /// An inbox consumer named `<service>.<name>` handling what `handler` registers, subscribed to
    /// the topics of those types.
    /// - Throws: ``Messaging/EventRoutingError`` when the handler's registrations cannot work (a type
    ///   registered twice ...): the service stops at start and names the problem.
    public func consumer(name: String, schema: String, handler: some EventHandler) throws -> EventConsumer {
        let consumerName = "\(configuration.service.rawValue).\(name)"
        let naming = configuration.topicNaming
        var kafka = KafkaConsumerConfiguration(client: configuration.kafkaClient(suffix: name),
                                               groupID: naming.physical(consumerName), topics: [])
        kafka.maxBatchSize = configuration.consumerBatchSize
        var consumer = EventConsumer.Configuration(name: consumerName, service: configuration.service, schema: schema, kafka: kafka)
        consumer.naming = naming
        do {
            let eventConsumer = try EventConsumer(configuration: consumer, pool: pool, producer: producer,
                                                  routes: EventRoutes(handler), logger: logger)
            health.add(.consumer(eventConsumer.progress, name: consumerName))
            return eventConsumer
        } catch {
            logger.critical("consumer cannot start", metadata: ["consumer": "\(consumerName)", "error": "\(error)"])
            throw error
        }
    }

    /// The health and metrics routes.
    public var operationsRoutes: OperationsRoutes {
        OperationsRoutes(health: health, registry: registry)
    }

    /// Serves `router` (with the operations routes added by the caller or by `run(services:)`) and
    /// runs `services` until SIGTERM/SIGINT; then stops the HTTP server first, the consumers next,
    /// the relay last (so events written by the last batches still go out), flushes the producer and
    /// closes the pool.
    public func run<Context: RequestContext>(services: [any Service], router: Router<Context>) async throws
    where Context.Source == ApplicationRequestContextSource {
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort),
                                 serverName: "otop-\(configuration.service.rawValue)"),
            logger: logger)
        // ServiceGroup shuts services down in reverse order: the HTTP server (last here) stops first,
        // the dependency monitors (first here) last.
        var group = ServiceGroupConfiguration(
            services: (health.monitors + services).map { .init(service: $0) } + [.init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Bounded whatever PostgreSQL or the broker do: a graceful shutdown that takes longer is
        // escalated to cancellation, and a cancellation that takes longer ends the process.
        group.maximumGracefulShutdownDuration = Self.gracefulShutdownLimit
        group.maximumCancellationDuration = Self.cancellationLimit
        let serviceGroup = ServiceGroup(configuration: group)
        do {
            try await serviceGroup.run()
        } catch {
            logger.error("service group ended with an error", metadata: ["error": "\(error)"])
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// How long the services may take to stop gracefully after SIGTERM before they are cancelled.
    /// With ``cancellationLimit`` and the producer's flush it keeps a stop under the 30 s that
    /// orchestrators (and the fault harness) wait before SIGKILL.
    public static let gracefulShutdownLimit: Duration = .seconds(15)
    /// How long cancelled services may take to end before swift-service-lifecycle ends the process.
    public static let cancellationLimit: Duration = .seconds(5)

    /// Runs `services` with only the operations routes on the HTTP port.
    public func run(services: [any Service]) async throws {
        let router = Router()
        operationsRoutes.add(to: router)
        try await run(services: services, router: router)
    }

    private func shutdown() async {
        await producer.shutdown(timeout: .seconds(3))
        await admin.shutdown()
        await pool.close()
        logger.info("stopped")
    }

    /// Retries a startup step while its failure is transient (the database or broker still starting),
    /// for up to two minutes.
    static func retryingStartup(_ step: String, logger: Logger, _ body: () async throws -> Void) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        var attempt = 0
        let policy = RetryPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(5))
        while true {
            do {
                try await body()
                return
            } catch {
                attempt += 1
                let transient = FailureKind.classify(error) == .transient
                guard transient, ContinuousClock.now < deadline else {
                    logger.critical("startup step failed", metadata: ["step": "\(step)", "error": "\(error)"])
                    throw error
                }
                logger.warning("startup step failed; retrying", metadata: ["step": "\(step)", "error": "\(error)", "attempt": "\(attempt)"])
                try await Task.sleep(for: policy.delay(attempt: attempt))
            }
        }
    }
}
