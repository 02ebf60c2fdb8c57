import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// Intake's read model of certification, written by the timeline consumer from otop.certifications
/// (certificates, their history, report outcomes, certificates obtained for KPIs). Who holds each
/// request's assignment (which authorises a provider's reports) is ``AssignmentReadModel``'s. Every
/// write is idempotent by event id, and a certificate's row only moves forward in event time.
enum CertificationReadModel {
    /// A certificate opened, or a request linked to it.
    static func apply(_ event: CloudEvent<CertificationPlanned>, on connection: PostgresConnection) async throws {
        let planned = event.data
        try await connection.execute("""
            INSERT INTO intake.certificates (id, enterprise_id, product_id, product_name, request_id, province_code, standard,
                state, steps, updated_at, created_at)
            VALUES (\(planned.certificateId), \(planned.enterpriseId), \(planned.productId), \(planned.productName),
                \(planned.requestId), \(planned.provinceCode ?? ""), \(planned.standard.rawValue), \(planned.state.rawValue),
                \(planned.steps.map(\.rawValue)), \(event.time), \(event.time))
            ON CONFLICT (id) DO UPDATE SET
                request_id = COALESCE(intake.certificates.request_id, EXCLUDED.request_id),
                steps = EXCLUDED.steps
            """)
        try await history(event.header, certificate: planned.certificateId, summary: [
            "state": planned.state.rawValue, "requestId": planned.requestId.lowercased], on: connection)
    }

    /// A state change: the certificate's row, its history, the report's outcome, and an issue or
    /// renewal obtained through the programme for the KPIs.
    static func apply(_ event: CloudEvent<CertificationStepChanged>, on connection: PostgresConnection) async throws {
        let change = event.data
        try await connection.execute("""
            INSERT INTO intake.certificates (id, enterprise_id, product_id, product_name, request_id, province_code, standard,
                state, number, valid_from, valid_until, next_surveillance_due, renewal_due_on, held, updated_at, created_at)
            VALUES (\(change.certificateId), \(change.enterpriseId), \(change.productId), \(change.productName), \(change.requestId),
                \(change.provinceCode), \(change.standard.rawValue), \(change.to.rawValue), \(change.number),
                \(change.validFrom.flatMap(CivilDate.init)), \(change.validUntil.flatMap(CivilDate.init)),
                \(change.nextSurveillanceDue.flatMap(CivilDate.init)), \(change.renewalDueOn.flatMap(CivilDate.init)),
                \(change.registered ?? false), \(event.time), \(event.time))
            ON CONFLICT (id) DO UPDATE SET
                product_id = EXCLUDED.product_id, product_name = EXCLUDED.product_name,
                request_id = COALESCE(intake.certificates.request_id, EXCLUDED.request_id),
                province_code = EXCLUDED.province_code, state = EXCLUDED.state, number = EXCLUDED.number,
                valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
                next_surveillance_due = EXCLUDED.next_surveillance_due, renewal_due_on = EXCLUDED.renewal_due_on,
                held = intake.certificates.held OR EXCLUDED.held, updated_at = EXCLUDED.updated_at
            WHERE intake.certificates.updated_at <= EXCLUDED.updated_at
            """)
        var summary = ["from": change.from.rawValue, "to": change.to.rawValue, "reportedBy": change.reportedBy.role.rawValue]
        summary["number"] = change.number
        summary["validFrom"] = change.validFrom
        summary["validUntil"] = change.validUntil
        summary["reason"] = change.reason
        if change.registered == true { summary["registered"] = "true" }
        try await history(event.header, certificate: change.certificateId, summary: summary, on: connection)
        if let report = change.reportId {
            try await decide(report: report, outcome: .applied, reason: nil, certificate: change.certificateId, at: event.time,
                             on: connection)
        }
        try await recordObtained(event, on: connection)
    }

    static func apply(_ event: CloudEvent<CertificationReminderDue>, on connection: PostgresConnection) async throws {
        let reminder = event.data
        var summary = ["kind": reminder.kind.rawValue, "daysBefore": "\(reminder.daysBefore)", "dueDate": reminder.dueDate]
        summary["renewBy"] = reminder.renewBy
        if reminder.caughtUp == true { summary["caughtUp"] = "true" }
        try await history(event.header, certificate: reminder.certificateId, summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<CertificationReportRefused>, on connection: PostgresConnection) async throws {
        let refusal = event.data
        if let certificate = refusal.certificateId {
            var summary = ["step": refusal.step.rawValue, "reason": refusal.reason, "reportedBy": refusal.reportedBy.role.rawValue]
            summary["currentState"] = refusal.currentState?.rawValue
            summary["reasonTH"] = refusal.reasonTH
            try await history(event.header, certificate: certificate, summary: summary, on: connection)
        }
        try await decide(report: refusal.reportId, outcome: .refused, reason: refusal.reason, reasonTH: refusal.reasonTH,
                         certificate: refusal.certificateId,
                         at: event.time, on: connection)
    }

    // MARK: Parts

    private static func history(_ event: EventHeader, certificate: UUID, summary: [String: String],
                                on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.certificate_history (event_id, certificate_id, event_type, occurred_at, summary)
            VALUES (\(event.id), \(certificate), \(event.type), \(event.time), \(try PostgresJSON(summary)))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }

    private static func decide(report: UUID, outcome: CertificateReportOutcome, reason: String?, reasonTH: String? = nil,
                               certificate: UUID?, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE intake.certificate_reports
            SET outcome = \(outcome.rawValue), reason = \(reason), reason_th = \(reasonTH), decided_at = \(time),
                certificate_id = COALESCE(certificate_id, \(certificate))
            WHERE id = \(report) AND outcome = \(CertificateReportOutcome.pending.rawValue)
            """)
    }

    /// An issue after the review steps, or a renewal, of a certificate not merely registered as held.
    private static func recordObtained(_ event: CloudEvent<CertificationStepChanged>, on connection: PostgresConnection) async throws {
        let change = event.data
        guard change.to == .certified, change.registered != true else { return }
        let grant = CertificationLifecycle.grant(from: change.from)
        guard grant != .continuation else { return }
        let obtained = change.validFrom.flatMap(CivilDate.init) ?? ThaiCalendar.civilDate(of: change.changedAt)
        let fiscalYear = FiscalYear.containing(obtained.instant(secondsFromGMT: ThaiCalendar.secondsFromGMT, secondsIntoDay: 12 * 3600))
        var days: Int?
        if let request = change.requestId, grant == .issue,
           let submitted = try await connection.query("SELECT submitted_at FROM intake.requests WHERE id = \(request)")
            .first?.decode(Date.self, column: "submitted_at") {
            days = max(0, ThaiCalendar.civilDate(of: submitted).days(until: obtained))
        }
        try await connection.execute("""
            INSERT INTO intake.certificates_obtained (event_id, certificate_id, standard, province_code, fiscal_year, renewal,
                request_id, days_to_certificate, obtained_on)
            VALUES (\(event.id), \(change.certificateId), \(change.standard.rawValue), \(change.provinceCode),
                \(fiscalYear.buddhistYear), \(grant == .renewal), \(change.requestId), \(days), \(obtained))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }
}
