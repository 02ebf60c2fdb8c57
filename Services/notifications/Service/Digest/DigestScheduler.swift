import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Sends the weekly officer digest: at each send time of the ``DigestSchedule`` it queues, for every
/// region, one digest message per officer of the region. Exactly once per period and region across
/// restarts and replicas: the `(region, period_end)` row in `notifications.digests` is inserted in
/// the same transaction as the messages, and whoever inserts it first queues them.
struct DigestScheduler: Worker {
    let schedule: DigestSchedule
    let clock: any WallClock
    let pool: PostgresPool
    let logger: Logger
    /// The longest sleep between checks (a clock that jumps, a digest another replica failed to commit).
    var recheck: Duration = .seconds(60)
    /// Where each pass's success or failure goes, for the probes.
    let progress = WorkerProgress()

    /// Wakes by its own schedule only.
    var settings: WorkerSettings {
        WorkerSettings(name: "digest-scheduler", idleRecheck: recheck,
                       retry: RetryPolicy(initialDelay: .seconds(1), maximumDelay: recheck), clock: clock)
    }

    /// Queues what is due; next at the schedule's next send time.
    func pass() async throws -> NextPass {
        try await sendDue()
        return .at(schedule.nextSendTime(after: try await clock.now()))
    }

    /// Queues the digests due now that nobody queued yet; returns the regions queued by this call.
    @discardableResult
    func sendDue() async throws -> [Region] {
        guard let sendTime = schedule.due(at: try await clock.now()) else { return [] }
        let periodStart = ThaiCalendar.gregorian.date(byAdding: .day, value: -7, to: sendTime)!
        var queued: [Region] = []
        for region in Region.allCases {
            let claimed = try await pool.withTransaction { connection -> Bool in
                let digestID = UUID()
                let inserted = try await connection.execute("""
                    INSERT INTO notifications.digests (id, region, period_end) VALUES (\(digestID), \(region.rawValue), \(sendTime))
                    ON CONFLICT (region, period_end) DO NOTHING
                    """)
                guard inserted == 1 else { return false }
                let facts = DigestFacts(
                    region: region, periodStart: periodStart, periodEnd: sendTime,
                    counts: try await ActivityStore.counts(region: region, from: periodStart, to: sendTime, on: connection),
                    budget: try await ActivityStore.latestBudget(region: region, on: connection))
                for officer in try await RecipientStore.officers(of: region, on: connection) {
                    try await MessageStore.enqueue(.officerDigest, cause: digestID, recipientID: officer, kind: .officer,
                                                   recipient: try await RecipientStore.load(officer, on: connection),
                                                   requestID: nil, facts: .digest(facts), on: connection)
                }
                return true
            }
            if claimed { queued.append(region) }
        }
        if !queued.isEmpty {
            logger.info("weekly digests queued", metadata: ["period_end": "\(sendTime)", "regions": "\(queued.map(\.rawValue))"])
        }
        return queued
    }
}
