import Domain
import Foundation
import Postgres
import Timestamps

/// Counts every work queue in one statement, each with the same condition as its list route (the
/// routes' stores say it the same way; `QueueRouteTests` checks that each count equals its list).
struct QueueStore: Sendable {
    let pool: PostgresPool

    /// The counts for `scope` (a scoped officer's region; `nil`: the whole country) at `now`.
    func counts(scope: Region?, thresholds: QueueThresholds, now: Date) async throws -> QueueCounts.Counts {
        let provinces = scope.map(Province.codes(in:))
        let unconfirmedBefore = now.addingTimeInterval(-Double(thresholds.unconfirmedWorkDays) * 86_400)
        let idleBefore = now.addingTimeInterval(-Double(thresholds.idleAssignmentDays) * 86_400)
        let expiringBy = ThaiCalendar.civilDate(of: now).adding(days: thresholds.expiringCertificateDays)
        let inForce = CertificationState.allCases.filter(\.isInForce).map(\.rawValue)
        let stillWaiting = ProposalFilters.waitingStatuses.map(\.rawValue)
        let row = try await pool.query("""
            SELECT
              (SELECT count(*) FROM intake.requests r WHERE r.status = \(RequestStatus.awaitingScreening.rawValue)
                 AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces))))::int AS screening,
              (SELECT count(*) FROM intake.proposals p JOIN intake.requests r ON r.id = p.request_id
                 WHERE ((p.status = \(ProposalStatus.pending.rawValue) AND p.respond_by < \(now))
                        OR (p.status = \(ProposalStatus.expired.rawValue) AND r.status = ANY(\(stillWaiting))))
                   AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces))))::int AS overdue_proposals,
              (SELECT count(*) FROM intake.requests r
                 WHERE r.status = ANY(\([RequestStatus.unmatched.rawValue, RequestStatus.waitlisted.rawValue]))
                   AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces))))::int AS waiting,
              (SELECT count(*) FROM intake.requests r
                 WHERE r.status = \(RequestStatus.workReported.rawValue) AND r.status_since < \(unconfirmedBefore)
                   AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces))))::int AS unconfirmed_work,
              (SELECT count(*) FROM intake.requests r
                 WHERE r.status = \(RequestStatus.assigned.rawValue) AND r.last_activity_at < \(idleBefore)
                   AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces))))::int AS idle_assignments,
              (SELECT count(*) FROM intake.providers v WHERE NOT v.qualified
                 AND (\(scope?.rawValue)::text IS NULL OR v.profile->'regions' ? \(scope?.rawValue)
                      OR v.profile->'provinceCodes' ?| \(provinces)))::int AS unqualified_providers,
              (SELECT count(*) FROM intake.certificates c WHERE c.state = ANY(\(inForce)) AND c.valid_until <= \(expiringBy)
                 AND (\(provinces)::text[] IS NULL OR c.province_code = ANY(\(provinces))))::int AS expiring_certificates,
              (SELECT count(*) FROM intake.enterprises e WHERE NOT e.verified
                 AND (\(provinces)::text[] IS NULL OR e.province_code = ANY(\(provinces))))::int AS unverified_enterprises,
              (SELECT count(*) FROM intake.notification_failures f WHERE f.resolved_at IS NULL
                 AND (\(scope?.rawValue)::text IS NULL OR f.region = \(scope?.rawValue)))::int AS failed_messages
            """)[0]
        return QueueCounts.Counts(
            screening: try row.decode(Int.self, column: "screening"),
            overdueProposals: try row.decode(Int.self, column: "overdue_proposals"),
            waiting: try row.decode(Int.self, column: "waiting"),
            unconfirmedWork: try row.decode(Int.self, column: "unconfirmed_work"),
            idleAssignments: try row.decode(Int.self, column: "idle_assignments"),
            unqualifiedProviders: try row.decode(Int.self, column: "unqualified_providers"),
            expiringCertificates: try row.decode(Int.self, column: "expiring_certificates"),
            unverifiedEnterprises: try row.decode(Int.self, column: "unverified_enterprises"),
            failedMessages: try row.decode(Int.self, column: "failed_messages"))
    }
}
