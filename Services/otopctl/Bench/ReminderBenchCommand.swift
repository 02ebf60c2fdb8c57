import ArgumentParser
import CertificationService
import Domain
import Foundation
import Postgres
import Timestamps

/// `otopctl bench reminders`: times the certification scheduler's reminder scan over many
/// certificates, in a database of its own (created, migrated, seeded, dropped). Two cases: every
/// certificate due on the scan day (a catch-up after downtime: each gets its renewal-due transition
/// and its 90-day reminder), and expiries spread over three years (an ordinary day). Prints
/// `case=<name> certificates=<n> processed=<n> events=<n> scan_ms=<float>` per case.
struct ReminderBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "Time the certification reminder scan over N certificates (needs DATABASE_URL; uses a throwaway database).")

    @Option(help: "Certificates to seed.")
    var certificates = 100_000

    @Option(help: "Certificates per scan transaction (CERTIFICATION_SCAN_BATCH_SIZE).")
    var batchSize = 500

    func run() async throws {
        guard certificates > 0, batchSize > 0 else { throw ValidationError("--certificates and --batch-size must be positive") }
        for spread in [false, true] {
            let (processed, events, milliseconds) = try await measure(spreadOverYears: spread)
            print("case=\(spread ? "ordinary-day" : "all-due") certificates=\(certificates) processed=\(processed) "
                + "events=\(events) scan_ms=\(String(format: "%.1f", milliseconds))")
        }
    }

    private func measure(spreadOverYears: Bool) async throws -> (Int, Int, Double) {
        let base = try CommandEnvironment.postgres()
        let logger = CommandEnvironment.logger
        let database = "otop_bench_reminders_\(UUID().lowercased.prefix(8))"
        let admin = try await PostgresConnection.connect(configuration: base, logger: logger)
        try await admin.execute("CREATE DATABASE \(identifier: database)")
        var configuration = base
        configuration.database = database
        let pool = PostgresPool(configuration: configuration, maxConnections: 2, logger: logger)
        do {
            _ = try await CertificationService.migrator().migrate(on: pool, logger: logger)
            let today = CivilDate("2027-03-02")!
            try await seed(pool: pool, today: today, spreadOverYears: spreadOverYears)
            let scan = ReminderScan(catalogue: .default, schedule: CertificationSchedule(), pool: pool, batchSize: batchSize,
                                    logger: logger)
            let clock = ContinuousClock()
            let started = clock.now
            let outcome = try await scan.run(today: today, now: today.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 8 * 3600))
            let elapsed = clock.now - started
            await pool.close()
            try await admin.execute("DROP DATABASE \(identifier: database) WITH (FORCE)")
            await admin.close()
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return (outcome.certificates, outcome.reminders + outcome.transitions, milliseconds)
        } catch {
            await pool.close()
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(identifier: database) WITH (FORCE)")
            await admin.close()
            throw error
        }
    }

    /// Held Halal certificates (valid 2 years, renewal due 90 days ahead) tracked since a year ago,
    /// in the state, with the reminders already sent and the next due day, that the tracker would
    /// have given them by `today`.
    private func seed(pool: PostgresPool, today: CivilDate, spreadOverYears: Bool) async throws {
        let schedule = CertificationSchedule()
        let tracked = today.adding(days: -365)
        let chunk = 10_000
        var start = 0
        while start < certificates {
            let range = start..<min(certificates, start + chunk)
            var ids: [UUID] = [], enterprises: [UUID] = [], keys: [String] = [], states: [String] = []
            var until: [CivilDate] = [], next: [CivilDate] = []
            var sentIDs: [UUID] = [], sentDays: [Int] = [], sentDue: [CivilDate] = []
            for index in range {
                let validUntil = spreadOverYears ? today.adding(days: 1 + index % 1095) : today.adding(days: 90)
                let state: CertificationState = validUntil.adding(days: -90) < today ? .renewalDue : .certified
                let sent = Set(schedule.leadDays.map { ReminderKey(kind: .expiry, daysBefore: $0, dueDate: validUntil) }
                    .filter { $0.day < today })
                let certificate = CertificationSchedule.Certificate(state: state, validUntil: validUntil, nextSurveillanceDue: nil,
                                                                    trackedFrom: tracked, renewalLeadDays: 90)
                guard let due = schedule.firstActionOn(certificate, from: today, sent: sent) else { continue }
                let id = UUID()
                ids.append(id)
                enterprises.append(UUID())
                keys.append("name:สินค้า \(index)")
                states.append(state.rawValue)
                until.append(validUntil)
                next.append(due)
                for key in sent {
                    sentIDs.append(id)
                    sentDays.append(key.daysBefore)
                    sentDue.append(key.dueDate)
                }
            }
            try await pool.execute("""
                INSERT INTO certification.certificates (id, enterprise_id, product_key, product_name, province_code, standard, state,
                    steps, number, valid_from, valid_until, tracked_from, next_action_on, held, created_at, updated_at)
                SELECT i, e, k, substr(k, 6), 'TH-50', \(StandardCode.halal.rawValue), s,
                       \(StandardCatalogue.default[.halal].steps.map(\.rawValue)), 'ฮ.ล. ' || substr(k, 13), u - 730, u,
                       \(tracked), n, true, now(), now()
                FROM unnest(\(ids)::uuid[], \(enterprises)::uuid[], \(keys)::text[], \(states)::text[], \(until)::date[],
                            \(next)::date[]) AS x(i, e, k, s, u, n)
                """)
            try await pool.execute("""
                INSERT INTO certification.reminders (certificate_id, kind, days_before, due_date, event_id, sent_on, sent_at)
                SELECT c, \(ReminderKind.expiry.rawValue), d, u, gen_random_uuid(), u - d::int, now()
                FROM unnest(\(sentIDs)::uuid[], \(sentDays)::int8[], \(sentDue)::date[]) AS x(c, d, u)
                """)
            start = range.upperBound
        }
        try await pool.execute("ANALYZE certification.certificates")
        try await pool.execute("ANALYZE certification.reminders")
    }
}
