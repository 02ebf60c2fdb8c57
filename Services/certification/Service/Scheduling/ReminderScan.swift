import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Metrics
import Postgres
import Timestamps

/// One pass of the scheduler over the certificates due on a day: in batches, each one transaction
/// that locks its certificates (`FOR UPDATE SKIP LOCKED`, so replicas share the work and never
/// touch the same certificate at once), applies ``CertificationSchedule``'s plan (the `renewalDue`
/// or `expired` transition, the reminders owed, caught up when days were missed), records the
/// reminders under their unique key, writes the batch's events together (``ScanEvents``, appended
/// to the outbox in order by a ``ScanEventWriter``: a few statements per batch, one wake-up of the
/// relay when it commits), and sets each certificate's next due day.
///
/// A process killed mid-batch rolls the batch back: nothing of it was sent, and the next pass (of
/// this or any replica) does it again. A reminder whose key is already recorded is never sent again.
public struct ReminderScan: Sendable {
    /// What a pass did.
    public struct Outcome: Sendable, Hashable {
        public var certificates = 0
        public var reminders = 0
        public var transitions = 0
        public var batches = 0
    }

    /// A reminder key recorded twice within one batch's view: another writer got there first.
    struct ReminderAlreadySent: Error, CustomStringConvertible {
        let certificate: UUID
        var description: String { "a reminder of certificate \(certificate.lowercased) was recorded by another writer; batch retried" }
    }

    let catalogue: StandardCatalogue
    let schedule: CertificationSchedule
    let pool: PostgresPool
    let batchSize: Int
    let logger: Logger
    /// Where each batch's events are written, in its transaction.
    let writer: any ScanEventWriter
    let store = CertificateStore()

    init(catalogue: StandardCatalogue, schedule: CertificationSchedule, pool: PostgresPool, batchSize: Int, logger: Logger,
         writer: any ScanEventWriter) {
        self.catalogue = catalogue
        self.schedule = schedule
        self.pool = pool
        self.batchSize = batchSize
        self.logger = logger
        self.writer = writer
    }

    /// A scan writing its events to `certification.outbox` (the service's, and `otopctl bench reminders`).
    public init(catalogue: StandardCatalogue, schedule: CertificationSchedule, pool: PostgresPool, batchSize: Int, logger: Logger) {
        self.init(catalogue: catalogue, schedule: schedule, pool: pool, batchSize: batchSize, logger: logger,
                  writer: OutboxScanWriter(outbox: Outbox(schema: CertificationService.schema)))
    }

    /// Runs batches until no certificate due on `today` is left unlocked (or `shouldStop` says so).
    public func run(today: CivilDate, now: Date, shouldStop: @Sendable () -> Bool = { false }) async throws -> Outcome {
        var total = Outcome()
        let started = ContinuousClock.now
        var cursor: Cursor?
        while !shouldStop() {
            let batch = try await runBatch(today: today, now: now, after: cursor)
            total.certificates += batch.outcome.certificates
            total.reminders += batch.outcome.reminders
            total.transitions += batch.outcome.transitions
            total.batches += 1
            cursor = batch.last
            if batch.outcome.certificates < batchSize { break }
        }
        if total.certificates > 0 {
            logger.info("reminder scan done", metadata: [
                "day": "\(today)", "certificates": "\(total.certificates)", "reminders": "\(total.reminders)",
                "transitions": "\(total.transitions)", "batches": "\(total.batches)",
                "duration_ms": "\(Int((ContinuousClock.now - started).seconds * 1000))"])
        }
        return total
    }

    /// Where a pass has got to in `(next_action_on, id)` order: each batch continues after the last
    /// certificate of the one before, so a pass never walks again over the index entries of rows it
    /// has just moved on (their old versions stay in the index until vacuumed).
    struct Cursor: Sendable, Hashable {
        var day: CivilDate
        var id: UUID
    }

    /// One batch (one transaction): the due certificates after `cursor`, and the last one taken.
    func runBatch(today: CivilDate, now: Date, after cursor: Cursor? = nil) async throws -> (outcome: Outcome, last: Cursor?) {
        try await pool.withTransaction { connection in
            let rows: [PostgresRow]
            if let cursor {
                rows = try await connection.query("""
                    SELECT * FROM certification.certificates
                    WHERE next_action_on <= \(today) AND (next_action_on, id) > (\(cursor.day), \(cursor.id))
                    ORDER BY next_action_on, id
                    LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                    """)
            } else {
                rows = try await connection.query("""
                    SELECT * FROM certification.certificates
                    WHERE next_action_on <= \(today)
                    ORDER BY next_action_on, id
                    LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                    """)
            }
            guard !rows.isEmpty else { return (Outcome(), cursor) }
            let certificates = try rows.map(CertificateRecord.init(row:))
            let sent = try await store.sentReminders(for: certificates.map(\.id), on: connection)
            // One emitter per batch: the batch's events continue one trace (the task's, or a fresh one).
            var events = ScanEvents(emitter: EventEmitter(service: .certification, schema: CertificationService.schema))
            var outcome = Outcome(certificates: certificates.count)
            var reminderRows: [CertificateStore.ReminderRow] = []
            var updates: [CertificateStore.ScheduledUpdate] = []
            for var certificate in certificates {
                let definition = catalogue[certificate.standard]
                let plan = schedule.plan(for: certificate.scheduled(renewalLeadDays: definition.renewalLeadDays, today: today),
                                         today: today, sent: sent[certificate.id] ?? [])
                let from = certificate.state
                if let target = plan.transition, allowed(target, for: certificate, definition: definition) {
                    certificate.state = target
                    try events.add(certificate.stepChanged(from: from, definition: definition, reason: nil,
                                                           reportedBy: .system, reportId: nil, at: now),
                                   correlationID: certificate.correlationID, time: now)
                    outcome.transitions += 1
                    Counter(label: "otop_certification_transitions_total", dimensions: [("to", target.rawValue)]).increment()
                }
                for key in plan.reminders {
                    let id = try events.add(certificate.reminderDue(key, definition: definition, caughtUp: key.day < today, at: now),
                                            correlationID: certificate.correlationID, time: now)
                    reminderRows.append(.init(certificateId: certificate.id, key: key, eventId: id))
                    Counter(label: "otop_certification_reminders_total", dimensions: [("kind", key.kind.rawValue)]).increment()
                }
                updates.append(.init(certificateId: certificate.id, from: from, to: certificate.state, nextActionOn: plan.nextActionOn))
            }
            let recorded = try await store.recordReminders(reminderRows, sentOn: today, at: now, on: connection)
            if let lost = reminderRows.first(where: { !recorded.contains($0.eventId) }) {
                throw ReminderAlreadySent(certificate: lost.certificateId)
            }
            outcome.reminders = reminderRows.count
            // After the reminders' keys held: a batch that lost one to another writer rolls back
            // before writing any of its events.
            try await writer.write(events.entries, on: connection)
            try await store.applyScheduled(updates, at: now, on: connection)
            let last = certificates.last.flatMap { certificate in certificate.nextActionOn.map { Cursor(day: $0, id: certificate.id) } }
            return (outcome, last)
        }
    }

    /// Whether the standard's lifecycle allows the scheduled transition. It always does unless the
    /// catalogue changed under a certificate (an override saying it no longer expires): then the
    /// certificate keeps its state and the refusal is logged.
    private func allowed(_ target: CertificationState, for certificate: CertificateRecord, definition: StandardDefinition) -> Bool {
        do {
            try CertificationLifecycle(definition: definition).validate(from: certificate.state, to: target, reason: nil)
            return true
        } catch {
            logger.error("scheduled transition refused by the lifecycle", metadata: [
                "certificate_id": "\(certificate.id)", "error": "\(error)"])
            return false
        }
    }

    /// The earliest day any certificate has something due, if any.
    func nextDueDay() async throws -> CivilDate? {
        try await pool.query("SELECT min(next_action_on) AS next FROM certification.certificates")
            .first?.decode(CivilDate?.self, column: "next")
    }
}
