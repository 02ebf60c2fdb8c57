import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import ServiceRuntime
import Synchronization
import Testing
import TestSupport
import Timestamps
@testable import CertificationService

/// The scheduler against the real PostgreSQL, with the clock moved by the test: each reminder on
/// its day and once, transitions on their days, missed days caught up, replicas and crashed
/// batches never doubling or losing a reminder.
@Suite("Reminder scheduler", .serialized)
struct SchedulerTests {
    /// A มผช. certificate issued 2027-04-20, valid until 2030-04-19 (audits every 12 months).
    func issued(_ fixture: CertificationFixture, enterprise: UUID = UUID()) async throws -> UUID {
        fixture.clock.set("2027-01-10")
        try await fixture.deliver(Make.request(enterprise: enterprise))
        let id = try #require(try await fixture.certificates().last?.id)
        try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .applied))
        fixture.clock.set("2027-04-20")
        try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .certified, number: "มผช. 321/2570",
                                              validFrom: "2027-04-20", validUntil: "2030-04-19"))
        return id
    }

    /// Moves the clock day by day from `from` to `to`, scanning each day; returns what each day sent.
    func walk(_ fixture: CertificationFixture, from: String, to: String) async throws -> [String] {
        var day = CivilDate(from)!
        var log: [String] = []
        var seen = try await fixture.outbox().count
        while day <= CivilDate(to)! {
            fixture.clock.set(day.description)
            _ = try await fixture.scan()
            let events = try await fixture.outbox()
            for event in events.dropFirst(seen) {
                if let reminder = try? event.decode(CertificationReminderDue.self) {
                    log.append("\(day) \(reminder.data.kind.rawValue) \(reminder.data.daysBefore) \(reminder.data.dueDate)")
                } else if let change = try? event.decode(CertificationStepChanged.self) {
                    log.append("\(day) \(change.data.to.rawValue)")
                }
            }
            seen = events.count
            day = day.adding(days: 1)
        }
        return log
    }

    @Test("every reminder on its lead time, renewal due and expiry on their days, audits reminded, each once")
    func lifetime() async throws {
        try await CertificationFixture.with { fixture in
            let id = try await issued(fixture)
            // Only the days something is due are looked at: jump from due day to due day as the scheduler does.
            var log: [String] = []
            var seen = try await fixture.outbox().count
            while let next = try await fixture.certificate(id).nextActionOn {
                fixture.clock.set(next.description)
                _ = try await fixture.scan()
                let events = try await fixture.outbox()
                for event in events.dropFirst(seen) {
                    if let reminder = try? event.decode(CertificationReminderDue.self) {
                        #expect(reminder.data.caughtUp == false)
                        log.append("\(next) \(reminder.data.kind.rawValue) \(reminder.data.daysBefore)")
                    } else if let change = try? event.decode(CertificationStepChanged.self) {
                        #expect(change.data.reportedBy == .system)
                        log.append("\(next) \(change.data.to.rawValue)")
                    }
                }
                seen = events.count
            }
            #expect(log == [
                "2028-01-21 surveillance 90", "2028-02-20 surveillance 60", "2028-03-21 surveillance 30", "2028-04-13 surveillance 7",
                "2030-01-19 renewalDue", "2030-01-19 expiry 90", "2030-02-18 expiry 60", "2030-03-20 expiry 30",
                "2030-04-12 expiry 7", "2030-04-20 expired",
            ])
            // The second audit (2029-04-20) got no reminders: the first was never reported as done, and
            // the tracker does not guess. Scanning every day of the last months sends nothing more.
            #expect(try await walk(fixture, from: "2030-03-01", to: "2030-05-10").isEmpty)
            #expect(try await fixture.certificate(id).state == .expired)
            let reminder = try #require(try await fixture.events(CertificationReminderDue.self).last)
            #expect(reminder.data.dueDate == "2030-04-19" && reminder.data.renewBy == "2030-01-19")
            #expect(reminder.data.number == "มผช. 321/2570" && reminder.data.standardNameTH == "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)")
        }
    }

    @Test("renewal: a renewed certificate gets a new series of reminders for its new expiry, and does not expire")
    func renewal() async throws {
        try await CertificationFixture.with { fixture in
            let enterprise = UUID()
            let id = try await issued(fixture, enterprise: enterprise)
            fixture.clock.set("2030-01-19")
            _ = try await fixture.scan()
            #expect(try await fixture.certificate(id).state == .renewalDue)
            fixture.clock.set("2030-02-01")
            try await fixture.deliver(Make.report(id, enterprise: enterprise, step: .certified, validUntil: "2033-04-19"))
            let renewed = try await fixture.certificate(id)
            #expect(renewed.state == .certified)
            #expect(renewed.validFrom == CivilDate("2030-04-20") && renewed.number == "มผช. 321/2570")
            #expect(renewed.nextSurveillanceDue == CivilDate("2031-04-20"))
            let log = try await walk(fixture, from: "2030-04-01", to: "2030-05-01")
            #expect(log.isEmpty, "no expiry of the old validity: \(log)")
            fixture.clock.set("2033-01-19")
            _ = try await fixture.scan()
            #expect(try await fixture.reminderKeys().filter { $0.hasPrefix("expiry 90") } == ["expiry 90 2030-04-19", "expiry 90 2033-04-19"])
        }
    }

    @Test("days missed while the service was down are caught up, each reminder once, marked as late")
    func catchUp() async throws {
        try await CertificationFixture.with { fixture in
            let id = try await issued(fixture)
            fixture.clock.set("2030-01-19")
            _ = try await fixture.scan()
            // Down from 2030-01-20 to 2030-03-25: the 60- and 30-day reminders are owed.
            fixture.clock.set("2030-03-25")
            let outcome = try await fixture.scan()
            #expect(outcome.reminders == 2)
            let late = try await fixture.events(CertificationReminderDue.self).suffix(2)
            #expect(late.map(\.data.daysBefore) == [60, 30])
            #expect(late.allSatisfy { $0.data.caughtUp == true })
            #expect(try await fixture.scan().reminders == 0)
            #expect(try await fixture.certificate(id).nextActionOn == CivilDate("2030-04-12"))
        }
    }

    @Test("two replicas scanning the same day at once send every reminder exactly once")
    func replicas() async throws {
        try await CertificationFixture.with { fixture in
            let count = 600
            try await registerHeld(count, fixture: fixture)
            fixture.clock.set("2027-03-02")
            let second = PostgresPool(configuration: fixture.postgres, maxConnections: 3, logger: fixture.logger)
            async let one = fixture.scan(batchSize: 25)
            async let two = fixture.scan(batchSize: 25, pool: second)
            let (a, b) = try await (one, two)
            await second.close()
            #expect(a.reminders + b.reminders == count)
            #expect(a.reminders > 0 && b.reminders > 0, "both replicas took part (\(a.reminders) / \(b.reminders))")
            let reminders = try await fixture.events(CertificationReminderDue.self)
            #expect(reminders.count == count)
            #expect(Set(reminders.map(\.data.certificateId)).count == count)
            #expect(try await fixture.pool.query("SELECT count(*) AS n FROM certification.reminders").first?.decode(Int.self, column: "n") == count)
        }
    }

    @Test("a batch that dies half-way sends nothing of it, not even the events it had written; the next scan sends all, once")
    func crashedBatch() async throws {
        try await CertificationFixture.with { fixture in
            let count = 120
            try await registerHeld(count, fixture: fixture)
            fixture.clock.set("2027-03-02")
            let before = try await fixture.outbox().count
            // Each certificate gets two events (renewal due, and its 90-day reminder): the process "dies"
            // in the second batch of 30 certificates, its 60 events already in the outbox, before the commit.
            let dying = fixture.reminderScan(batchSize: 30, writer: CrashingWriter(crashInBatch: 2))
            let now = fixture.clock.now()
            await #expect(throws: SimulatedCrash.self) {
                try await dying.run(today: ThaiCalendar.civilDate(of: now), now: now)
            }
            #expect(try await fixture.outbox().count - before == 60, "only the first batch's events committed")
            #expect(try await fixture.events(CertificationReminderDue.self).count == 30)
            #expect(try await fixture.reminderKeys().count == 30)
            _ = try await fixture.scan(batchSize: 30)
            let reminders = try await fixture.events(CertificationReminderDue.self)
            #expect(reminders.count == count)
            #expect(Set(reminders.map(\.data.certificateId)).count == count)
        }
    }

    @Test("a batch whose events take more than one 1,000-entry statement writes them all in its order, with the envelope of each")
    func largeBatch() async throws {
        try await CertificationFixture.with { fixture in
            let count = 600
            try await registerHeld(count, fixture: fixture)
            fixture.clock.set("2027-03-02")
            let before = try await fixture.outbox().count
            let outcome = try await fixture.scan(batchSize: count)
            #expect(outcome.certificates == count && outcome.transitions == count && outcome.reminders == count)
            // 1,200 events in one transaction: two statements. Every certificate falls due on the same
            // day, so the batch takes them in id order; each one's renewal due comes before its reminder.
            let ids = try await fixture.pool.query("SELECT id FROM certification.certificates ORDER BY id")
                .map { try $0.decode(UUID.self, column: "id") }
            let events = try await fixture.outbox().dropFirst(before)
            var order: [String] = []
            for event in events {
                if let change = try? event.decode(CertificationStepChanged.self) {
                    order.append("\(change.data.certificateId) \(change.data.to.rawValue)")
                } else {
                    let reminder = try event.decode(CertificationReminderDue.self)
                    order.append("\(reminder.data.certificateId) \(reminder.data.kind.rawValue) \(reminder.data.daysBefore)")
                }
            }
            #expect(order == ids.flatMap { ["\($0) renewalDue", "\($0) expiry 90"] })
            // The envelope as `emit` fills it: the service's source, no cause, the certificate's flow
            // (a held certificate's own id), one trace for the batch with a span per event.
            #expect(events.allSatisfy { $0.header.source == ServiceName.certification.eventSource && $0.header.causationid == nil })
            let certificates = try await fixture.certificates()
            let flows = Dictionary(uniqueKeysWithValues: certificates.map { ("certificate/\($0.id.lowercased)", $0.correlationID) })
            #expect(events.allSatisfy { event in flows[event.header.subject ?? ""].map { $0 == event.header.correlationid } == true })
            let traces = try events.map { try #require($0.header.traceparent.flatMap(TraceParent.init)) }
            #expect(Set(traces.map(\.traceID)).count == 1)
            #expect(Set(traces.map(\.spanID)).count == events.count)
        }
    }

    @Test("the scheduler sleeps until the next due instant and wakes when a certificate's schedule changes")
    func wakesOnChange() async throws {
        try await CertificationFixture.with(today: "2027-01-10") { fixture in
            let (scheduler, progress) = fixture.scheduler()
            // A day's work falls due at 07:00 Bangkok time.
            #expect(scheduler.schedulerDay(of: ManualClock.noon("2027-01-10")) == CivilDate("2027-01-10"))
            #expect(scheduler.schedulerDay(of: CivilDate("2027-01-10")!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 6 * 3600))
                    == CivilDate("2027-01-09"))
            #expect(scheduler.dueInstant(of: CivilDate("2027-03-02")!) == CivilDate("2027-03-02")!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 7 * 3600))

            let group = ServiceGroup(configuration: .init(services: [.init(service: scheduler)], logger: fixture.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                // Idle: nothing is due, the scheduler sleeps (up to an hour). A held certificate registered
                // 20 days before expiry is owed a reminder now: the commit's NOTIFY wakes it at once.
                _ = try await eventually("the first scan", timeout: .seconds(10)) { progress.snapshot.completedPasses >= 1 ? true : nil }
                try await fixture.deliver(Make.held(enterprise: UUID(), validFrom: "2025-02-01", validUntil: "2027-01-30"))
                let reminder = try await eventually("the reminder of the certificate registered late", timeout: .seconds(10)) {
                    try await fixture.events(CertificationReminderDue.self).first
                }
                #expect(reminder.data.daysBefore == 30)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    @Test("a scan that keeps failing makes the scheduler not ready after the stall time, naming the error; the next good scan makes it ready")
    func failingScansReachTheProbes() async throws {
        try await CertificationFixture.with(today: "2027-01-10") { fixture in
            let (scheduler, progress) = fixture.scheduler()
            var policy = HealthPolicy()
            policy.stallAfter = .milliseconds(300)
            let component = HealthComponent.worker(progress, name: "reminder-scheduler")
            let group = ServiceGroup(configuration: .init(services: [.init(service: scheduler)], logger: fixture.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                _ = try await eventually("the first scan", timeout: .seconds(10)) { progress.snapshot.completedPasses >= 1 ? true : nil }
                #expect(component.evaluate(.now, policy) == .healthy)

                // The table the scan reads is gone: each pass fails (retried with backoff).
                try await fixture.pool.execute("ALTER TABLE certification.certificates RENAME TO certificates_away")
                try await fixture.pool.execute("SELECT pg_notify(\(CertificateStore.scheduleChannel), '')")
                let since = try await eventually("a failed scan", timeout: .seconds(10)) { progress.snapshot.failingSince }
                let early = component.evaluate(since, policy)
                #expect(early.notReady == nil && early.stuck?.since == since, "failing, not yet for the stall time")
                let late = component.evaluate(since + .seconds(1), policy)
                #expect(late.notReady?.hasPrefix("its passes have failed for 1 s") == true, "\(late)")
                #expect(late.notReady?.contains("certificates") == true, "names the error: \(late)")

                try await fixture.pool.execute("ALTER TABLE certification.certificates_away RENAME TO certificates")
                _ = try await eventually("a good scan again", timeout: .seconds(40)) { progress.snapshot.failingSince == nil ? true : nil }
                #expect(component.evaluate(.now, policy) == .healthy)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }

    /// Registers `count` held Halal certificates valid until 2027-05-31 (renewal and 90-day reminder on 2027-03-02).
    func registerHeld(_ count: Int, fixture: CertificationFixture) async throws {
        fixture.clock.set("2027-01-10")
        try await fixture.deliver((0..<count).map { index in
            Make.held(enterprise: UUID(), productName: "สินค้า \(index)", validFrom: "2025-06-01", validUntil: "2027-05-31")
        })
    }
}

/// A process that dies: thrown in the middle of a batch.
struct SimulatedCrash: Error {}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// Writes a batch's events to the outbox as the service does, then, in the `crashInBatch`-th batch,
/// throws (the transaction in hand rolls back, written events and all).
struct CrashingWriter: ScanEventWriter {
    let crashInBatch: Int
    private let batches = Counter()
    private let outbox = OutboxScanWriter(outbox: Outbox(schema: "certification"))

    init(crashInBatch: Int) {
        self.crashInBatch = crashInBatch
    }

    func write(_ entries: [OutboxEntry], on connection: PostgresConnection) async throws {
        try await outbox.write(entries, on: connection)
        if batches.next() == crashInBatch { throw SimulatedCrash() }
    }
}
