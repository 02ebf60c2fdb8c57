import AsyncHTTPClient
import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import SMTP
import ServiceRuntime

/// The notifications process: keeps recipients, queues messages from events, delivers them on
/// e-mail, LINE and SMS, alerts officers about failures and sends the weekly officer digest.
public enum NotificationsService {
    public static let schema = "notifications"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .notifications, defaultHTTPPort: 8083, migrations: [migrator()])
        let settings: NotificationsConfiguration
        do {
            settings = try NotificationsConfiguration(host.configuration.environment, programme: host.configuration.programme.identity)
        } catch {
            host.logger.critical("bad configuration", metadata: ["error": "\(error)"])
            exit(78)
        }
        let library = try TemplateLibrary.bundled()
        let renderer = MessageRenderer(library: library, portalURL: settings.portalURL, programme: host.configuration.programme.identity)
        let senders = channelSenders(settings, logger: host.logger)
        let worker = DeliveryWorker(configuration: settings.delivery, pool: host.pool, postgres: host.configuration.postgres,
                                    composer: MessageComposer(renderer: renderer, codeKey: settings.signInCodeKey),
                                    senders: senders, logger: host.logger)
        let digest = DigestScheduler(schedule: settings.digest, clock: .system, pool: host.pool, logger: host.logger)
        host.health.add(.worker(worker.progress, name: "delivery"))
        host.health.add(.worker(digest.progress, name: "digest-scheduler"))
        let consumer = try host.consumer(name: "messages", schema: schema,
                                         handler: NotificationHandler(planner: MessagePlanner(logger: host.logger)))
        host.logger.info("channels", metadata: [
            "email": "\(settings.smtp.host):\(settings.smtp.port) starttls=\(settings.smtp.startTLS.rawValue)",
            "line": "\(settings.line == nil ? "off" : "on")", "sms": "\(settings.sms == nil ? "off" : "on")",
            "rate_limits": "\(settings.rateLimits.map { "\($0.key.rawValue)=\($0.value.perSecond)/s" }.sorted())"])
        try await host.run(services: [host.outboxRelay(schema: schema), worker, digest, consumer])
    }

    /// One sender per configured channel, each behind its rate limit.
    static func channelSenders(_ settings: NotificationsConfiguration, logger: Logger) -> [ContactChannel: any ChannelSender] {
        var senders: [ContactChannel: any ChannelSender] = [
            .email: EmailSender(mailer: SMTPClient(configuration: settings.smtp, logger: logger), from: settings.from),
        ]
        if let line = settings.line { senders[.line] = LineSender(endpoint: line, client: .shared) }
        if let sms = settings.sms { senders[.sms] = SMSSender(endpoint: sms, sender: settings.smsSender, client: .shared) }
        for (channel, sender) in senders {
            if let limit = settings.rateLimits[channel] {
                senders[channel] = RateLimitedSender(base: sender, limiter: RateLimiter(limit))
            }
        }
        return senders
    }
}
