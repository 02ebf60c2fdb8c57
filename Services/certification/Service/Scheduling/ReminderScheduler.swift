import Domain
import Foundation
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import Timestamps

/// The tracker's scheduler: sleeps until the next instant something is due (a day's reminders and
/// transitions fall due at `scheduleHour` Bangkok time), then runs a ``ReminderScan`` for that day.
/// It also wakes when a certificate's schedule changes (NOTIFY from the handlers, or the test
/// clock's trigger), and at the latest after `maximumSleep`. Days missed while the service was down
/// are caught up by the first scan after start: a certificate's next due day stays in the past
/// until a scan handles it.
struct ReminderScheduler: Worker {
    let scan: ReminderScan
    let clock: any WallClock
    let scheduleHour: Int
    let maximumSleep: Duration
    let postgres: PostgresConfiguration
    let logger: Logger
    /// Where each scan's success or failure goes, for the probes.
    let progress = WorkerProgress()

    var settings: WorkerSettings {
        WorkerSettings(name: "reminder-scheduler", notifications: .init(postgres: postgres, channels: [CertificateStore.scheduleChannel]),
                       idleRecheck: maximumSleep, retry: RetryPolicy(initialDelay: .milliseconds(200), maximumDelay: .seconds(30)),
                       clock: clock)
    }

    /// Scans the scheduler's day as of now (stopping between batches at graceful shutdown); next at
    /// the instant the next due day begins.
    func pass() async throws -> NextPass {
        let now = try await clock.now()
        _ = try await scan.run(today: schedulerDay(of: now), now: now, shouldStop: { Task.isShuttingDownGracefully })
        guard let next = try await scan.nextDueDay() else { return .whenWoken }
        // Due already but left by this scan: another replica holds those certificates right now.
        if dueInstant(of: next) <= now { return .after(.milliseconds(500)) }
        return .at(dueInstant(of: next))
    }

    /// The day whose reminders are due at `instant`: a day begins at `scheduleHour` Bangkok time.
    func schedulerDay(of instant: Date) -> CivilDate {
        ThaiCalendar.civilDate(of: instant.addingTimeInterval(-Double(scheduleHour * 3600)))
    }

    /// The instant `day`'s reminders fall due.
    func dueInstant(of day: CivilDate) -> Date {
        day.instant(secondsFromGMT: ThaiCalendar.secondsFromGMT, secondsIntoDay: scheduleHour * 3600)
    }
}
