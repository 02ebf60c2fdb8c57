import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import ServiceRuntime

/// The intake process: the HTTP API, its outbox relay, and the timeline consumer.
public enum IntakeService {
    /// The schema intake owns.
    public static let schema = "intake"

    /// Intake's migrations (outbox/inbox, then Migrations/*.sql).
    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        // The tracker's catalogue and lead times (same settings as the certification service), read
        // before anything connects: a bad catalogue override stops intake too.
        // One-time sign-in codes, LINE linking codes and the LINE webhook are off without their secrets.
        let catalogue: StandardCatalogue, schedule: CertificationSchedule, handOff: HandOffPolicy, signIn: SignInSettings
        let queueThresholds: QueueThresholds
        do {
            catalogue = try StandardCatalogue.configured(EnvironmentReader()).catalogue
            schedule = try CertificationSchedule.configured(EnvironmentReader())
            handOff = try HandOffPolicy.from(EnvironmentReader())
            signIn = try SignInSettings.from(EnvironmentReader())
            queueThresholds = try QueueThresholds.from(EnvironmentReader())
        } catch {
            FileHandle.standardError.write(Data("intake: \(error)\n".utf8))
            exit(78)
        }
        let host = try await ServiceHost.start(service: .intake, defaultHTTPPort: 8080, migrations: [migrator()])
        let clients = ClientStore(pool: host.pool)
        if let token = host.configuration.environment.optional("INTAKE_OPERATOR_TOKEN") {
            // The first operator comes from the environment (a secret); it creates every other client.
            try await clients.ensureOperator(token: token, name: "bootstrap operator")
        }
        // Submissions commit without NOTIFY (see OutboxNotifier); this wakes the relay after them.
        let notifier = OutboxNotifier(schema: schema, pool: host.pool, logger: host.logger)
        // Bearer JWTs of organisations with their own identity provider and of the portal, each when
        // its keys are configured.
        var jwt: JWTVerifier?
        let settings = try JWTSettings.from(host.configuration.environment)
        let portal = try PortalJWTSettings.from(host.configuration.environment)
        if settings != nil || portal != nil {
            jwt = try await JWTVerifier(settings: settings, portal: portal)
        }
        if let settings {
            host.logger.info("JWTs accepted", metadata: ["issuer": "\(settings.issuer)", "audience": "\(settings.audience)"])
        }
        if let portal {
            host.logger.info("portal JWTs accepted", metadata: ["issuer": "\(portal.issuer)", "audience": "\(portal.audience)",
                                                                "keys": "\(((try? portal.keyIDs()) ?? []).sorted().joined(separator: ","))"])
        }
        host.logger.info("sign-in", metadata: ["codes": "\(signIn.key == nil ? "off" : "on")",
                                               "line_webhook": "\(signIn.key == nil || signIn.lineChannelSecret == nil ? "off" : "on")"])
        // The operators' dead-letter counts ask the broker through an admin client of their own, whose
        // requests end within the route's 3 s (the health checks' client is never held up by them).
        let deadLetterAdmin = try KafkaAdmin(configuration: host.configuration.kafkaClient(suffix: "dead-letters"), logger: host.logger,
                                             requestTimeout: .seconds(3))
        let api = IntakeAPI(pool: host.pool, notifier: notifier, clients: clients, jwt: jwt,
                            certification: CertificationStore(pool: host.pool, catalogue: catalogue, schedule: schedule),
                            handOff: handOff, signIn: signIn,
                            queueThresholds: queueThresholds,
                            deadLetters: DeadLetterGauge(admin: deadLetterAdmin, naming: host.configuration.topicNaming))
        let timeline = try host.consumer(name: "timeline", schema: schema, handler: TimelineHandler())
        var services: [any Service] = [host.outboxRelay(schema: schema), notifier, timeline]
        if let key = signIn.key {
            let webhook = LineWebhookProcessor(pool: host.pool, postgres: host.configuration.postgres, key: key, logger: host.logger)
            host.health.add(.worker(webhook.progress, name: "line-webhook"))
            services.append(webhook)
        }
        // Shut down in reverse: the HTTP server, the LINE webhook's processing, the timeline, the
        // notifier's last NOTIFY, the relay.
        try await host.run(services: services, router: api.router(operations: host.operationsRoutes))
    }
}
