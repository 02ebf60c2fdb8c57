import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import TestSupport
import Testing
import Timestamps
@testable import CertificationService

/// A database of its own in the real PostgreSQL with the certification schema migrated, the
/// tracker wired to a ``ManualClock``, and helpers to deliver events to it and read what it wrote
/// (its tables and its outbox). No broker: events go in through the tracker's routes and the inbox
/// processor (``ConsumerHarness``), as the consumer would apply them, and come out of the outbox table.
struct CertificationFixture: Sendable {
    let harness: ConsumerHarness
    var pool: PostgresPool { harness.pool }
    var postgres: PostgresConfiguration { harness.postgres }
    var logger: Logger { harness.logger }
    let clock: ManualClock
    let tracker: CertificateTracker
    let processor: InboxBatchProcessor

    /// Runs `body` on a fixture whose clock starts at noon of `today`, and tears it down afterwards,
    /// also when `body` throws.
    static func with(today: String = "2027-01-10", catalogue: StandardCatalogue = .default,
                     _ body: (CertificationFixture) async throws -> Void) async throws {
        try await ConsumerHarness.with(prefix: "otop_certtest", service: .certification, schema: CertificationService.schema,
                                       migrators: [CertificationService.migrator()]) { harness in
            let clock = ManualClock(day: today)
            let tracker = CertificateTracker(catalogue: catalogue, schedule: CertificationSchedule(leadDays: [90, 60, 30, 7]),
                                             clock: clock)
            let processor = try harness.processor("certification.tracker", handler: CertificationHandler(tracker: tracker))
            try await body(CertificationFixture(harness: harness, clock: clock, tracker: tracker, processor: processor))
        }
    }

    // MARK: Delivering events

    /// Applies one event through the tracker's real routes and the inbox processor (one batch, one
    /// transaction, as the consumer would); fails when it was dead-lettered.
    func deliver<Payload: EventPayload>(_ payload: Payload) async throws {
        try await deliver([payload])
    }

    /// Applies several events as one consumer batch (one transaction).
    func deliver<Payload: EventPayload>(_ payloads: [Payload]) async throws {
        let (_, outcome) = try await harness.deliver(payloads, to: processor, source: "/otop/tests", time: clock.now())
        #expect(outcome.deadLetters.isEmpty, "dead-lettered: \(outcome.deadLetters.map(\.reason))")
        #expect(outcome.processed == payloads.count)
    }

    /// A scan of the scheduler's day as of the clock.
    func scan(batchSize: Int = 100, pool: PostgresPool? = nil) async throws -> ReminderScan.Outcome {
        let now = clock.now()
        return try await reminderScan(batchSize: batchSize, pool: pool).run(today: ThaiCalendar.civilDate(of: now), now: now)
    }

    /// The service's scheduler over this database and clock (days begin at 07:00 Bangkok time,
    /// sleeps up to an hour), and the progress it reports to the probes.
    func scheduler() -> (ReminderScheduler, WorkerProgress) {
        let scheduler = ReminderScheduler(scan: reminderScan(), clock: clock, scheduleHour: 7, maximumSleep: .seconds(3600),
                                          postgres: postgres, logger: logger)
        return (scheduler, scheduler.progress)
    }

    func reminderScan(batchSize: Int = 100, pool: PostgresPool? = nil, writer: (any ScanEventWriter)? = nil) -> ReminderScan {
        ReminderScan(catalogue: tracker.catalogue, schedule: tracker.schedule, pool: pool ?? self.pool, batchSize: batchSize,
                     logger: logger, writer: writer ?? OutboxScanWriter(outbox: Outbox(schema: "certification")))
    }

    // MARK: Reading what the tracker wrote

    /// The events in the outbox, oldest first.
    func outbox() async throws -> [IncomingEvent] {
        try await harness.outbox()
    }

    /// The outbox events of one type, oldest first.
    func events<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await harness.events(type)
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
