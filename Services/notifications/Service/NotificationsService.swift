import Contracts
import Domain
import Foundation
import Logging
import Postgres
import SMTP
import ServiceRuntime

/// The notifications process: keeps recipients, queues messages from events, and delivers them.
public enum NotificationsService {
    public static let schema = "notifications"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .notifications, defaultHTTPPort: 8083, migrations: [migrator()])
        let env = host.configuration.environment
        var smtp = SMTPConfiguration(host: env.string("SMTP_HOST", default: "127.0.0.1"),
                                     port: try env.int("SMTP_PORT", default: 25, in: 1...65535))
        smtp.username = env.optional("SMTP_USERNAME")
        smtp.password = env.optional("SMTP_PASSWORD")
        let from = EmailAddress(env.string("SMTP_FROM", default: "no-reply@otop-sti.local"),
                                name: env.string("SMTP_FROM_NAME", default: "โครงการคูปองวิทย์เพื่อโอทอป"))
        let worker = DeliveryWorker(configuration: .init(from: from), pool: host.pool, postgres: host.configuration.postgres,
                                    mailer: SMTPClient(configuration: smtp, logger: host.logger), logger: host.logger)
        let consumer = try host.consumer(name: "messages", schema: schema, handler: NotificationHandler())
        try await host.run(services: [host.outboxRelay(schema: schema), worker, consumer])
    }
}
