import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Postgres
import ServiceLifecycle
import ServiceRuntime
import UnixSignals

/// The portal process: server-rendered pages for officers and operators (issue 14), a client of
/// intake's API. It needs PostgreSQL (its own schema) and intake, never Kafka, so it does not use
/// `ServiceHost` (which connects a producer and ensures topics); it shares its runtime parts:
/// configuration reading, JSON logs, metrics, the database monitor and the probes.
public enum PortalService {
    /// The schema the portal owns.
    public static let schema = "portal"

    /// The portal's migrations (Migrations/*.sql; no outbox or inbox: it publishes and consumes nothing).
    public static func migrator() throws -> PostgresMigrator {
        try PostgresMigrator.load(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let configuration: PortalConfiguration
        do {
            configuration = try PortalConfiguration(defaultHTTPPort: 8084)
        } catch {
            FileHandle.standardError.write(Data("portal: \(error)\n".utf8))
            exit(78)
        }
        JSONLogHandler.bootstrap(service: "portal", instance: configuration.instance, level: configuration.logLevel)
        let registry = PrometheusBootstrap.bootstrap()
        let logger = Logger(label: "otop.portal")
        logger.info("starting", metadata: ["http_port": "\(configuration.httpPort)", "intake": "\(configuration.intakeURL)"])
        let pool = PostgresPool(configuration: configuration.postgres, maxConnections: configuration.databasePoolSize, logger: logger)
        try await migrate(pool: pool, logger: logger)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let portal: Portal
        do {
            portal = try await Portal.make(configuration: configuration, pool: pool, http: http, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("portal: configuration error: \(error)\n".utf8))
            try? await http.shutdown()
            exit(78)
        }
        let health = HealthRegistry(policy: HealthPolicy())
        health.add(.database(configuration.postgres, logger: logger))
        let application = Application(
            router: portal.router(operations: OperationsRoutes(health: health, registry: registry)),
            configuration: .init(address: .hostname(configuration.httpHost, port: configuration.httpPort), serverName: "otop-portal"),
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: health.monitors.map { .init(service: $0) } + [.init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            logger.error("service group ended with an error", metadata: ["error": "\(error)"])
        }
        try? await http.shutdown()
        await pool.close()
        logger.info("stopped")
    }

    /// Applies the migrations, retrying for up to two minutes while PostgreSQL is still starting.
    static func migrate(pool: PostgresPool, logger: Logger) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            do {
                let applied = try await migrator().migrate(on: pool, logger: logger)
                if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
                return
            } catch let error as PostgresError where error.isTransient && ContinuousClock.now < deadline {
                logger.warning("database not ready; retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
