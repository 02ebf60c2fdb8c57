import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import ServiceRuntime

/// The certification tracker process: the consumer that opens certificates and applies step
/// reports, the scheduler that sends reminders and moves certificates to `renewalDue` and
/// `expired`, and the outbox relay.
public enum CertificationService {
    public static let schema = "certification"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        // The catalogue is read before anything connects: a bad file stops the service at once.
        let settings: CertificationConfiguration
        do {
            settings = try CertificationConfiguration()
        } catch {
            FileHandle.standardError.write(Data("certification: \(error)\n".utf8))
            exit(78)
        }
        let host = try await ServiceHost.start(service: .certification, defaultHTTPPort: 8082, migrations: [migrator()])
        if !settings.overridden.isEmpty {
            host.logger.notice("standards catalogue: unconfirmed facts overridden by configuration",
                               metadata: ["overridden": "\(settings.overridden.joined(separator: ","))"])
        }
        let clock = try await clock(settings, host: host)
        let tracker = CertificateTracker(catalogue: settings.catalogue, schedule: settings.schedule, clock: clock)
        let consumer = try host.consumer(name: "tracker", schema: schema, handler: CertificationHandler(tracker: tracker))
        let scan = ReminderScan(catalogue: settings.catalogue, schedule: settings.schedule, pool: host.pool,
                                batchSize: settings.scanBatchSize, logger: host.logger)
        let scheduler = ReminderScheduler(scan: scan, clock: clock, scheduleHour: settings.scheduleHour,
                                          maximumSleep: settings.maximumSleep, postgres: host.configuration.postgres,
                                          logger: host.logger)
        host.health.add(.worker(scheduler.progress, name: "reminder-scheduler"))
        try await host.run(services: [host.outboxRelay(schema: schema), consumer, scheduler])
    }

    /// The system clock, or in a debug build with `CERTIFICATION_TEST_CLOCK=database` the test clock.
    private static func clock(_ settings: CertificationConfiguration, host: ServiceHost) async throws -> any WallClock {
        #if DEBUG
        if settings.testClock {
            let clock = DatabaseTestClock(channel: CertificateStore.scheduleChannel, pool: host.pool)
            try await clock.install()
            host.logger.warning("TEST CLOCK: the time is read from certification.test_clock (CERTIFICATION_TEST_CLOCK=database); never in production")
            return clock
        }
        #endif
        return SystemClock()
    }
}
