import Domain
import Foundation
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import ServiceRuntime
import Timestamps

/// The tracker's scheduler: sleeps until the next instant something is due (a day's reminders and
/// transitions fall due at `scheduleHour` Bangkok time), then runs a ``ReminderScan`` for that day.
/// It also wakes when a certificate's schedule changes (NOTIFY from the handlers, or the test
/// clock's trigger), and at the latest after `maximumSleep`. Days missed while the service was down
/// are caught up by the first scan after start: a certificate's next due day stays in the past
/// until a scan handles it.
struct ReminderScheduler: Service {
    let scan: ReminderScan
    let clock: any CertificationClock
    let scheduleHour: Int
    let maximumSleep: Duration
    let postgres: PostgresConfiguration
    let logger: Logger
    /// Where each scan's success or failure goes, for the probes.
    let progress: WorkerProgress
    let retry = RetryPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(30))

    func run() async throws {
        try await NotifiedLoop.run(postgres: postgres, channels: [CertificateStore.scheduleChannel], logger: logger) { wakeups, stopping in
            try await self.loop(wakeups: wakeups, stopping: stopping)
        }
        logger.info("scheduler stopped")
    }

    private func loop(wakeups: WakeupSignal, stopping: ShutdownFlag) async throws {
        var failures = 0
        while !stopping.isSet && !Task.isCancelled {
            do {
                let now = try await clock.now()
                let day = schedulerDay(of: now)
                _ = try await scan.run(today: day, now: now, shouldStop: { stopping.isSet })
                progress.succeeded()
                failures = 0
                let wait = try await untilNextDue(after: now)
                await wakeups.wait(timeout: wait)
            } catch {
                progress.failed(error)
                failures += 1
                let delay = retry.delay(attempt: failures)
                logger.warning("reminder scan failed; retrying", metadata: ["error": "\(error)", "attempt": "\(failures)",
                                                                            "retry_in": "\(delay)"])
                await wakeups.wait(timeout: delay)
            }
        }
    }

    /// The day whose reminders are due at `instant`: a day begins at `scheduleHour` Bangkok time.
    func schedulerDay(of instant: Date) -> CivilDate {
        ThaiCalendar.civilDate(of: instant.addingTimeInterval(-Double(scheduleHour * 3600)))
    }

    /// The instant `day`'s reminders fall due.
    func dueInstant(of day: CivilDate) -> Date {
        day.instant(secondsFromGMT: ThaiCalendar.secondsFromGMT, secondsIntoDay: scheduleHour * 3600)
    }

    /// How long to sleep from `now` until the next due instant (at most `maximumSleep`).
    private func untilNextDue(after now: Date) async throws -> Duration {
        guard let next = try await scan.nextDueDay() else { return maximumSleep }
        let seconds = dueInstant(of: next).timeIntervalSince(now)
        // Due already but left by this scan: another replica holds those certificates right now.
        if seconds <= 0 { return .milliseconds(500) }
        return min(.milliseconds(Int64(seconds * 1000)), maximumSleep)
    }
}
