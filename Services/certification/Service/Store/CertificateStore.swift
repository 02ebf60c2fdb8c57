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
            let key = ReminderKey(kind: try row.decode(rawValue: ReminderKind.self, column: "kind"),
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

    /// A state change the scheduler makes (renewal due, expired).
    struct Transition: Sendable {
        var certificateId: UUID
        var from: CertificationState
        var to: CertificationState
    }

    /// Applies many scheduled state changes at once and records each in the certificates' history
    /// (by the system, with the facts the certificate then holds).
    func applyTransitions(_ transitions: [Transition], at time: Date, on connection: PostgresConnection) async throws {
        guard !transitions.isEmpty else { return }
        let ids = transitions.map(\.certificateId), froms = transitions.map(\.from.rawValue), tos = transitions.map(\.to.rawValue)
        try await connection.execute("""
            UPDATE certification.certificates AS c SET state = x.t, updated_at = \(time)
            FROM unnest(\(ids)::uuid[], \(tos)::text[]) AS x(id, t)
            WHERE c.id = x.id
            """)
        try await connection.execute("""
            INSERT INTO certification.lifecycle_steps (certificate_id, from_state, state, reported_by, request_id, number, valid_from,
                valid_until, occurred_at)
            SELECT c.id, x.f, x.t, \(try PostgresJSON(Actor.system)), c.request_id, c.number, c.valid_from, c.valid_until, \(time)
            FROM unnest(\(ids)::uuid[], \(froms)::text[], \(tos)::text[]) AS x(id, f, t)
            JOIN certification.certificates c ON c.id = x.id
            """)
    }

    /// Sets the next due day of many certificates at once.
    func setNextActions(_ next: [(id: UUID, on: CivilDate?)], at time: Date, on connection: PostgresConnection) async throws {
        let dated = next.compactMap { item in item.on.map { (item.id, $0) } }
        let done = next.filter { $0.on == nil }.map(\.id)
        if !dated.isEmpty {
            try await connection.execute("""
                UPDATE certification.certificates AS c SET next_action_on = x.d, updated_at = \(time)
                FROM unnest(\(dated.map(\.0))::uuid[], \(dated.map(\.1))::date[]) AS x(id, d)
                WHERE c.id = x.id
                """)
        }
        if !done.isEmpty {
            try await connection.execute("""
                UPDATE certification.certificates SET next_action_on = NULL, updated_at = \(time) WHERE id = ANY(\(done))
                """)
        }
    }
}
