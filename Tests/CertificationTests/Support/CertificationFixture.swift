import Contracts
import Domain
import Foundation
import Kafka
import Logging
import Messaging
import Postgres
import ServiceRuntime
import Testing
import Timestamps
@testable import CertificationService

/// A database of its own in the real PostgreSQL with the certification schema migrated, the
/// tracker wired to a ``ManualClock``, and helpers to deliver events to it and read what it wrote
/// (its tables and its outbox). No broker: events go in through the tracker's handler functions in
/// one transaction each, as the consumer would apply them, and come out of the outbox table.
final class CertificationFixture: Sendable {
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let adminURL: String
    let database: String
    let clock: ManualClock
    let tracker: CertificateTracker
    let logger: Logger

    static func make(today: String = "2027-01-10", catalogue: StandardCatalogue = .default,
                     leadDays: [Int] = [90, 60, 30, 7]) async throws -> CertificationFixture {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty else {
            Issue.record("DATABASE_URL must be set: run the tests with scripts/test.sh")
            throw CancellationError()
        }
        var logger = Logger(label: "certification-tests")
        logger.logLevel = .warning
        let database = "otop_certtest_\(UUID().uuidString.prefix(8).lowercased())"
        let admin = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url), logger: logger)
        try await admin.execute("CREATE DATABASE \(identifier: database)")
        await admin.close()
        var postgres = try PostgresConfiguration(url: url)
        postgres.database = database
        let pool = PostgresPool(configuration: postgres, maxConnections: 6, logger: logger)
        _ = try await CertificationService.migrator().migrate(on: pool, logger: logger)
        let clock = ManualClock(today)
        let tracker = CertificateTracker(catalogue: catalogue, schedule: CertificationSchedule(leadDays: leadDays), clock: clock)
        return CertificationFixture(pool: pool, postgres: postgres, adminURL: url, database: database, clock: clock,
                                    tracker: tracker, logger: logger)
    }

    private init(pool: PostgresPool, postgres: PostgresConfiguration, adminURL: String, database: String, clock: ManualClock,
                 tracker: CertificateTracker, logger: Logger) {
        self.pool = pool
        self.postgres = postgres
        self.adminURL = adminURL
        self.database = database
        self.clock = clock
        self.tracker = tracker
        self.logger = logger
    }

    func tearDown() async {
        await pool.close()
        if let admin = try? await PostgresConnection.connect(configuration: try PostgresConfiguration(url: adminURL), logger: logger) {
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(identifier: database) WITH (FORCE)")
            await admin.close()
        }
    }

    /// Runs `body` on a fixture and tears it down afterwards, also when `body` throws.
    static func with(today: String = "2027-01-10", catalogue: StandardCatalogue = .default,
                     _ body: (CertificationFixture) async throws -> Void) async throws {
        let fixture = try await make(today: today, catalogue: catalogue)
        do {
            try await body(fixture)
        } catch {
            await fixture.tearDown()
            throw error
        }
        await fixture.tearDown()
    }

    // MARK: Delivering events

    /// Applies one event through the tracker's real routes and the inbox processor (one batch, one
    /// transaction, as the consumer would); fails when it was dead-lettered.
    func deliver<Payload: EventPayload>(_ payload: Payload) async throws {
        try await deliver([payload])
    }

    /// Applies several events as one consumer batch (one transaction).
    func deliver<Payload: EventPayload>(_ payloads: [Payload]) async throws {
        let processor = try InboxBatchProcessor(consumer: "certification.tracker", service: .certification,
                                                schema: CertificationService.schema, pool: pool,
                                                routes: EventRoutes(CertificationHandler(tracker: tracker)), logger: logger)
        let time = try await clock.now()
        let messages = try payloads.enumerated().map { offset, payload in
            KafkaIncomingMessage(topic: Payload.topic.name, partition: 0, offset: Int64(offset), key: Array(payload.aggregateID.utf8),
                                 value: try CloudEvent(payload, source: "/otop/tests", time: time, correlationID: payload.aggregateID).encoded())
        }
        let outcome = try await processor.process(messages)
        #expect(outcome.deadLetters.isEmpty, "dead-lettered: \(outcome.deadLetters.map(\.reason))")
        #expect(outcome.processed == payloads.count)
    }

    /// A scan of the scheduler's day as of the clock.
    func scan(batchSize: Int = 100, pool: PostgresPool? = nil) async throws -> ReminderScan.Outcome {
        let now = try await clock.now()
        return try await reminderScan(batchSize: batchSize, pool: pool).run(today: ThaiCalendar.civilDate(of: now), now: now)
    }

    /// The service's scheduler over this database and clock (days begin at 07:00 Bangkok time,
    /// sleeps up to an hour), and the progress it reports to the probes.
    func scheduler() -> (ReminderScheduler, WorkerProgress) {
        let progress = WorkerProgress()
        return (ReminderScheduler(scan: reminderScan(), clock: clock, scheduleHour: 7, maximumSleep: .seconds(3600), postgres: postgres,
                                  logger: logger, progress: progress), progress)
    }

    func reminderScan(batchSize: Int = 100, pool: PostgresPool? = nil, writer: (any ScanEventWriter)? = nil) -> ReminderScan {
        ReminderScan(catalogue: tracker.catalogue, schedule: tracker.schedule, pool: pool ?? self.pool, batchSize: batchSize,
                     logger: logger, writer: writer ?? OutboxScanWriter(outbox: Outbox(schema: "certification")))
    }

    // MARK: Reading what the tracker wrote

    /// The events in the outbox, oldest first.
    func outbox() async throws -> [IncomingEvent] {
        try await pool.query("SELECT payload FROM certification.outbox ORDER BY seq").map {
            try IncomingEvent(bytes: try $0.decode([UInt8].self, column: "payload"))
        }
    }

    /// The outbox events of one type, oldest first.
    func events<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await outbox().filter { $0.header.type == Payload.eventType }.map { try $0.decode(Payload.self) }
    }

    func certificates() async throws -> [CertificateRecord] {
        try await pool.query("SELECT * FROM certification.certificates ORDER BY created_at, id").map(CertificateRecord.init(row:))
    }

    func certificate(_ id: UUID) async throws -> CertificateRecord {
        try #require(try await certificates().first { $0.id == id })
    }

    /// Reminders recorded, as `kind daysBefore dueDate`, sorted.
    func reminderKeys() async throws -> [String] {
        try await pool.query("SELECT kind, days_before, due_date FROM certification.reminders").map {
            "\(try $0.decode(String.self, column: "kind")) \(try $0.decode(Int.self, column: "days_before")) \(try $0.decode(CivilDate.self, column: "due_date"))"
        }.sorted()
    }
}
