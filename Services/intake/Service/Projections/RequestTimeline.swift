import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Each request's timeline (`intake.request_timeline`: one entry per event about the request, with
/// a summary of its facts) and the request's current status and eligibility (`intake.requests`):
/// written by the parties' commands as they are published, and by the timeline consumer from the
/// coupon journey's outcomes (which move the status, ``Domain/RequestStatus``), certification
/// records and delivered or failed notifications. Every entry is idempotent by event id; a replayed
/// older event never moves the status back. The request also keeps when it entered its status
/// (`status_since`), its latest activity (`last_activity_at`: any entry but notifications'
/// deliveries) and, while unmatched or waitlisted, why it waits (`waiting_reason`, the round).
enum RequestTimeline {
    /// Records an event in a request's timeline (idempotent by event id).
    static func append(event: EventHeader, requestID: UUID, summary: [String: String],
                       on connection: PostgresConnection) async throws {
        try await connection.execute(try insertion(event: event, requestID: requestID, summary: summary))
    }

    /// The statement that records an event in a request's timeline (idempotent by event id) and, unless
    /// it is a delivery by notifications, moves the request's `last_activity_at` up to the event's time.
    static func insertion(event: EventHeader, requestID: UUID, summary: [String: String]) throws -> PostgresQuery {
        let summary = try PostgresJSON(summary)
        guard countsAsActivity(event) else {
            return """
            INSERT INTO intake.request_timeline (event_id, request_id, event_type, source, occurred_at, summary)
            VALUES (\(event.id), \(requestID), \(event.type), \(event.source), \(event.time), \(summary))
            ON CONFLICT (event_id) DO NOTHING
            """
        }
        return """
        WITH entry AS (
            INSERT INTO intake.request_timeline (event_id, request_id, event_type, source, occurred_at, summary)
            VALUES (\(event.id), \(requestID), \(event.type), \(event.source), \(event.time), \(summary))
            ON CONFLICT (event_id) DO NOTHING
            RETURNING request_id)
        UPDATE intake.requests SET last_activity_at = \(event.time)
        WHERE id IN (SELECT request_id FROM entry) AND last_activity_at < \(event.time)
        """
    }

    /// Whether an entry counts as activity on the request (the queues' "idle for 30 days"): every
    /// entry from intake, matching and certification; notifications' deliveries and failures do not.
    static func countsAsActivity(_ event: EventHeader) -> Bool {
        event.type != NotificationDelivered.eventType && event.type != NotificationFailed.eventType
    }

    /// Records an event and, when it moves the request on, its new status (with the time it entered
    /// it, when the status changes) and why it waits (`waiting`, only for unmatched and waitlisted).
    private static func record(_ event: EventHeader, request: UUID, status: RequestStatus?, summary: [String: String],
                               waiting: (reason: String, round: UUID?)? = nil, on connection: PostgresConnection) async throws {
        try await append(event: event, requestID: request, summary: summary, on: connection)
        if let status {
            try await connection.execute("""
                UPDATE intake.requests
                SET status = \(status.rawValue), updated_at = \(event.time),
                    status_since = CASE WHEN status = \(status.rawValue) THEN status_since ELSE \(event.time) END,
                    waiting_reason = \(waiting?.reason), waiting_round_id = \(waiting?.round)
                WHERE id = \(request) AND updated_at <= \(event.time)
                """)
        }
    }

    // MARK: The coupon journey

    static func apply(_ event: CloudEvent<MatchAwaitingScreening>, on connection: PostgresConnection) async throws {
        try await record(event.header, request: event.data.requestId, status: .awaitingScreening,
                         summary: ["provinceCode": event.data.provinceCode], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchScreened>, on connection: PostgresConnection) async throws {
        let screened = event.data
        try await connection.execute("""
            UPDATE intake.requests SET eligible = \(screened.eligible) WHERE id = \(screened.requestId)
            """)
        var summary = ["eligible": "\(screened.eligible)", "mode": screened.mode.rawValue, "by": screened.screenedBy.role.rawValue]
        summary["reason"] = screened.reason
        try await record(event.header, request: screened.requestId, status: screened.eligible ? .matching : .notEligible,
                         summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchProposed>, on connection: PostgresConnection) async throws {
        let proposal = event.data
        var summary = ["proposalId": id(proposal.proposalId), "providerId": id(proposal.providerId), "rank": "\(proposal.rank)",
                       "score": "\(proposal.score.total)", "respondBy": RFC3339.string(from: proposal.respondBy)]
        summary["roundId"] = proposal.roundId.map(id)
        try await record(event.header, request: proposal.requestId, status: .proposed, summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchUnavailable>, on connection: PostgresConnection) async throws {
        try await record(event.header, request: event.data.requestId, status: .unmatched,
                         summary: ["reason": event.data.reason], waiting: (event.data.reason, nil), on: connection)
    }

    static func apply(_ event: CloudEvent<MatchAccepted>, on connection: PostgresConnection) async throws {
        let accepted = event.data
        try await record(event.header, request: accepted.requestId, status: .accepted,
                         summary: ["proposalId": id(accepted.proposalId), "providerId": id(accepted.providerId)], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchDeclined>, on connection: PostgresConnection) async throws {
        let declined = event.data
        try await record(event.header, request: declined.requestId, status: nil, summary: [
            "proposalId": id(declined.proposalId), "providerId": id(declined.providerId), "reason": declined.reason], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchExpired>, on connection: PostgresConnection) async throws {
        let expired = event.data
        try await record(event.header, request: expired.requestId, status: nil, summary: [
            "proposalId": id(expired.proposalId), "providerId": id(expired.providerId),
            "respondBy": RFC3339.string(from: expired.respondBy)], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchWithdrawn>, on connection: PostgresConnection) async throws {
        let withdrawal = event.data
        var summary = ["stage": withdrawal.stage.rawValue, "reason": withdrawal.reason, "by": withdrawal.withdrawnBy.role.rawValue,
                       "releasedCouponBaht": "\(withdrawal.releasedCouponBaht)", "rematching": "\(withdrawal.rematching)"]
        summary["providerId"] = withdrawal.providerId.map(id)
        summary["proposalId"] = withdrawal.proposalId.map(id)
        try await record(event.header, request: withdrawal.requestId, status: withdrawal.requestStatus, summary: summary,
                         on: connection)
    }

    static func apply(_ event: CloudEvent<MatchAssigned>, on connection: PostgresConnection) async throws {
        let assignment = event.data
        try await record(event.header, request: assignment.requestId, status: .assigned, summary: [
            "providerId": id(assignment.providerId), "manual": "\(assignment.manual)",
            "couponBaht": "\(assignment.coupon.valueBaht)", "programmeShareBaht": "\(assignment.coupon.programmeShareBaht)",
            "by": assignment.assignedBy.role.rawValue], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchWorkReported>, on connection: PostgresConnection) async throws {
        let report = event.data
        var summary = ["providerId": id(report.providerId), "summary": report.summary]
        summary["standardApplied"] = report.standardApplied?.rawValue
        try await record(event.header, request: report.requestId, status: .workReported, summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchCompleted>, on connection: PostgresConnection) async throws {
        let completed = event.data
        try await record(event.header, request: completed.requestId, status: .completed, summary: [
            "providerId": id(completed.providerId), "spentCouponBaht": "\(completed.spentCouponBaht)"], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchRated>, on connection: PostgresConnection) async throws {
        let rated = event.data
        var summary = ["rating": "\(rated.rating)", "providerId": id(rated.providerId)]
        summary["incomeChangePercent"] = rated.incomeChangePercent.map { "\($0)" }
        try await record(event.header, request: rated.requestId, status: nil, summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchCommandRefused>, on connection: PostgresConnection) async throws {
        let refused = event.data
        try await record(event.header, request: refused.requestId, status: nil, summary: [
            "command": refused.commandType, "currentState": refused.currentState, "reason": refused.reason,
            "by": refused.actor.role.rawValue], on: connection)
    }

    static func apply(_ event: CloudEvent<MatchWaitlisted>, on connection: PostgresConnection) async throws {
        let waitlisted = event.data
        try await record(event.header, request: waitlisted.requestId, status: .waitlisted, summary: [
            "roundId": id(waitlisted.roundId), "reason": waitlisted.reason], waiting: (waitlisted.reason, waitlisted.roundId),
            on: connection)
    }

    // MARK: Notifications

    static func apply(_ event: CloudEvent<NotificationDelivered>, on connection: PostgresConnection) async throws {
        let delivery = event.data
        guard let request = delivery.requestId else { return }
        try await record(event.header, request: request, status: nil, summary: [
            "template": delivery.template, "channel": delivery.channel.rawValue,
            "recipient": delivery.recipientPartyKind.rawValue], on: connection)
    }

    static func apply(_ event: CloudEvent<NotificationFailed>, on connection: PostgresConnection) async throws {
        let failure = event.data
        guard let request = failure.requestId else { return }
        try await record(event.header, request: request, status: nil, summary: [
            "template": failure.template, "recipient": failure.recipientPartyKind.rawValue, "reason": failure.reason],
            on: connection)
    }

    // MARK: Certificates

    static func apply(_ event: CloudEvent<CertificationPlanned>, on connection: PostgresConnection) async throws {
        let planned = event.data
        try await append(event: event.header, requestID: planned.requestId, summary: [
            "certificateId": planned.certificateId.lowercased, "standard": planned.standard.rawValue,
            "state": planned.state.rawValue], on: connection)
    }

    static func apply(_ event: CloudEvent<CertificationStepChanged>, on connection: PostgresConnection) async throws {
        let change = event.data
        guard let request = change.requestId else { return }
        var summary = ["certificateId": change.certificateId.lowercased, "standard": change.standard.rawValue,
                       "from": change.from.rawValue, "state": change.to.rawValue, "reportedBy": change.reportedBy.role.rawValue]
        summary["number"] = change.number
        summary["validUntil"] = change.validUntil
        summary["reason"] = change.reason
        try await append(event: event.header, requestID: request, summary: summary, on: connection)
    }

    static func apply(_ event: CloudEvent<CertificationReminderDue>, on connection: PostgresConnection) async throws {
        let reminder = event.data
        guard let request = reminder.requestId else { return }
        try await append(event: event.header, requestID: request, summary: [
            "certificateId": reminder.certificateId.lowercased, "standard": reminder.standard.rawValue,
            "kind": reminder.kind.rawValue, "daysBefore": "\(reminder.daysBefore)", "dueDate": reminder.dueDate],
            on: connection)
    }

    static func apply(_ event: CloudEvent<CertificationReportRefused>, on connection: PostgresConnection) async throws {
        let refusal = event.data
        guard let request = refusal.requestId else { return }
        var summary = ["standard": refusal.standard.rawValue, "step": refusal.step.rawValue, "reason": refusal.reason,
                       "reportedBy": refusal.reportedBy.role.rawValue]
        summary["certificateId"] = refusal.certificateId?.lowercased
        summary["currentState"] = refusal.currentState?.rawValue
        summary["reasonTH"] = refusal.reasonTH
        try await append(event: event.header, requestID: request, summary: summary, on: connection)
    }

    private static func id(_ value: UUID) -> String { value.lowercased }
}
