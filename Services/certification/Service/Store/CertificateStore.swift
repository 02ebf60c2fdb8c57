import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// The tracker's SQL on certificates, their lifecycle history and their reminders. Every function
/// runs on the caller's connection (inside its transaction); reads that precede a change lock the
/// certificate's row (`FOR UPDATE`) so a step report and the scheduler never both change it.
struct CertificateStore: Sendable {
    /// The channel that wakes the scheduler when a certificate's next due day may have moved.
    static let scheduleChannel = "certification_schedule"

    /// The certificate `id`, locked.
    func lock(id: UUID, on connection: PostgresConnection) async throws -> CertificateRecord? {
        try await connection.query("SELECT * FROM certification.certificates WHERE id = \(id) FOR UPDATE")
            .first.map(CertificateRecord.init(row:))
    }

    /// The enterprise's live (not cancelled) certificate for a product key and standard, locked.
    func lock(enterpriseId: UUID, productKey: String, standard: StandardCode,
              on connection: PostgresConnection) async throws -> CertificateRecord? {
        try await connection.query("""
            SELECT * FROM certification.certificates
            WHERE enterprise_id = \(enterpriseId) AND product_key = \(productKey) AND standard = \(standard.rawValue)
              AND state <> \(CertificationState.cancelled.rawValue)
            FOR UPDATE
            """).first.map(CertificateRecord.init(row:))
    }

    func insert(_ certificate: CertificateRecord, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO certification.certificates (id, enterprise_id, product_key, product_id, product_name, request_id,
                province_code, standard, state, steps, number, valid_from, valid_until, next_surveillance_due, tracked_from,
                next_action_on, held, created_at, updated_at)
            VALUES (\(certificate.id), \(certificate.enterpriseId), \(certificate.productKey), \(certificate.productId),
                \(certificate.productName), \(certificate.requestId), \(certificate.provinceCode), \(certificate.standard.rawValue),
                \(certificate.state.rawValue), \(certificate.steps.map(\.rawValue)), \(certificate.number), \(certificate.validFrom),
                \(certificate.validUntil), \(certificate.nextSurveillanceDue), \(certificate.trackedFrom),
                \(certificate.nextActionOn), \(certificate.held), \(time), \(time))
            """)
        try await wakeScheduler(on: connection)
    }

    /// Writes every changeable field of `certificate` back and wakes the scheduler.
    func save(_ certificate: CertificateRecord, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE certification.certificates SET
                product_id = \(certificate.productId), product_name = \(certificate.productName),
                request_id = \(certificate.requestId), province_code = \(certificate.provinceCode),
                state = \(certificate.state.rawValue), number = \(certificate.number), valid_from = \(certificate.validFrom),
                valid_until = \(certificate.validUntil), next_surveillance_due = \(certificate.nextSurveillanceDue),
                tracked_from = \(certificate.trackedFrom), next_action_on = \(certificate.nextActionOn), held = \(certificate.held),
                updated_at = \(time)
            WHERE id = \(certificate.id)
            """)
        try await wakeScheduler(on: connection)
    }

    /// Appends a state change to the certificate's history.
    func recordStep(_ certificate: CertificateRecord, from: CertificationState?, reason: String?, reportedBy: Actor,
                    reportId: UUID?, causeEventId: UUID?, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO certification.lifecycle_steps (certificate_id, from_state, state, reason, reported_by, report_id,
                request_id, number, valid_from, valid_until, occurred_at, cause_event_id)
            VALUES (\(certificate.id), \(from?.rawValue), \(certificate.state.rawValue), \(reason), \(try PostgresJSON(reportedBy)),
                \(reportId), \(certificate.requestId), \(certificate.number), \(certificate.validFrom), \(certificate.validUntil),
                \(time), \(causeEventId))
            """)
    }

    /// Wakes the scheduler when the transaction commits (notifications in one transaction fold into one).
    func wakeScheduler(on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_notify(\(Self.scheduleChannel), '')")
    }

    // MARK: Reminders

    /// The reminders already sent for `certificates`, by certificate.
    func sentReminders(for certificates: [UUID], on connection: PostgresConnection) async throws -> [UUID: Set<ReminderKey>] {
        let rows = try await connection.query("""
            SELECT certificate_id, kind, days_before, due_date FROM certification.reminders
            WHERE certificate_id = ANY(\(certificates))
            """)
        var sent: [UUID: Set<ReminderKey>] = [:]
        for row in rows {
            let key = ReminderKey(kind: try row.decode(ReminderKind.self, column: "kind"),
                                  daysBefore: try row.decode(Int.self, column: "days_before"),
                                  dueDate: try row.decode(CivilDate.self, column: "due_date"))
            sent[try row.decode(UUID.self, column: "certificate_id"), default: []].insert(key)
        }
        return sent
    }

    /// One reminder to record: the certificate, the key and the id of the event that announces it.
    struct ReminderRow: Sendable {
        var certificateId: UUID
        var key: ReminderKey
        var eventId: UUID
    }

    /// Records reminders as sent; returns the event ids of those recorded now. A reminder already
    /// recorded (by another replica, or before a restart) is left out: its primary key is the
    /// guarantee that each is sent once.
    func recordReminders(_ reminders: [ReminderRow], sentOn day: CivilDate, at time: Date,
                         on connection: PostgresConnection) async throws -> Set<UUID> {
        guard !reminders.isEmpty else { return [] }
        let rows = try await connection.query("""
            INSERT INTO certification.reminders (certificate_id, kind, days_before, due_date, event_id, sent_on, sent_at)
            SELECT c, k, d, u, e, \(day), \(time)
            FROM unnest(\(reminders.map(\.certificateId))::uuid[], \(reminders.map(\.key.kind.rawValue))::text[],
                        \(reminders.map(\.key.daysBefore))::int8[], \(reminders.map(\.key.dueDate))::date[],
                        \(reminders.map(\.eventId))::uuid[]) AS x(c, k, d, u, e)
            ON CONFLICT DO NOTHING
            RETURNING event_id
            """)
        return Set(try rows.map { try $0.decode(UUID.self, column: "event_id") })
    }

    /// What the scheduler decided for one certificate: its state (changed by a transition, or
    /// not) and its next due day.
    struct ScheduledUpdate: Sendable {
        var certificateId: UUID
        var from: CertificationState
        var to: CertificationState
        var nextActionOn: CivilDate?
    }

    /// Writes the scheduler's decisions for a batch: one `UPDATE` of every certificate (each row
    /// written once, so a scan leaves one dead version per certificate, not two), and the
    /// transitions into the certificates' history (by the system, with the facts the certificate
    /// holds).
    func applyScheduled(_ updates: [ScheduledUpdate], at time: Date, on connection: PostgresConnection) async throws {
        guard !updates.isEmpty else { return }
        // Arrays carry no NULL elements: a certificate with nothing more due has `has_next` false.
        let fallback = CivilDate(daysSinceEpoch: 0)
        try await connection.execute("""
            UPDATE certification.certificates AS c
            SET state = x.s, next_action_on = CASE WHEN x.h THEN x.d END, updated_at = \(time)
            FROM unnest(\(updates.map(\.certificateId))::uuid[], \(updates.map(\.to.rawValue))::text[],
                        \(updates.map { $0.nextActionOn != nil })::boolean[], \(updates.map { $0.nextActionOn ?? fallback })::date[])
                 AS x(id, s, h, d)
            WHERE c.id = x.id
            """)
        let transitions = updates.filter { $0.from != $0.to }
        guard !transitions.isEmpty else { return }
        try await connection.execute("""
            INSERT INTO certification.lifecycle_steps (certificate_id, from_state, state, reported_by, request_id, number, valid_from,
                valid_until, occurred_at)
            SELECT c.id, x.f, c.state, \(try PostgresJSON(Actor.system)), c.request_id, c.number, c.valid_from, c.valid_until, \(time)
            FROM unnest(\(transitions.map(\.certificateId))::uuid[], \(transitions.map(\.from.rawValue))::text[]) AS x(id, f)
            JOIN certification.certificates c ON c.id = x.id
            """)
    }
}
