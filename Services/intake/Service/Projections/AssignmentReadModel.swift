import Contracts
import Domain
import Foundation
import Postgres

/// How an assignment ended before its work was done (`request_assignments.withdrawal`).
enum AssignmentWithdrawal: String, Sendable, Codable, CaseIterable {
    /// The whole request was withdrawn (by the enterprise or an officer); not held against the provider.
    case request
    /// An officer withdrew the assignment from the provider: work not delivered (matching's
    /// `withdrawn_by_officer`, which lowers the provider's completion rate).
    case assignment
    /// A later assignment of the request arrived without a withdrawal before it (matching always
    /// sends one; kept so the read model never holds two open assignments of a request).
    case replaced

    init(_ stage: WithdrawalStage) {
        self = stage == .assignment ? .assignment : .request
    }
}

/// Intake's one record of who holds a request's work, written by the timeline consumer from
/// otop.matches: every assignment a request had, how it ended, its completion and the enterprise's
/// rating with its monthly incomes. The open assignment (no `withdrawn_at`) authorises the provider's
/// journey commands and certification reports; the whole history feeds the programme KPIs. Every
/// write is idempotent under redelivery, and a replayed older event never reopens or overwrites a
/// newer state.
enum AssignmentReadModel {
    /// A provider took a request on, for the coupon's value. An open assignment of the request from
    /// before is closed as replaced; an assignment older than one already recorded is not recorded again.
    static func apply(_ event: CloudEvent<MatchAssigned>, on connection: PostgresConnection) async throws {
        let assignment = event.data
        try await connection.execute("""
            UPDATE intake.request_assignments SET withdrawn_at = \(assignment.assignedAt),
                withdrawal = \(AssignmentWithdrawal.replaced.rawValue)
            WHERE request_id = \(assignment.requestId) AND withdrawn_at IS NULL AND assigned_at < \(assignment.assignedAt)
            """)
        try await connection.execute("""
            INSERT INTO intake.request_assignments (request_id, provider_id, assigned_at, coupon_baht)
            SELECT \(assignment.requestId), \(assignment.providerId), \(assignment.assignedAt), \(assignment.coupon.valueBaht)
            WHERE NOT EXISTS (SELECT 1 FROM intake.request_assignments
                              WHERE request_id = \(assignment.requestId) AND assigned_at >= \(assignment.assignedAt))
            ON CONFLICT DO NOTHING
            """)
    }

    /// An assignment (or the whole request) withdrawn: its provider works and reports no more.
    static func apply(_ event: CloudEvent<MatchWithdrawn>, on connection: PostgresConnection) async throws {
        let withdrawal = event.data
        guard withdrawal.stage != .proposal else { return }
        try await connection.execute("""
            UPDATE intake.request_assignments SET withdrawn_at = \(withdrawal.withdrawnAt),
                withdrawal = \(AssignmentWithdrawal(withdrawal.stage).rawValue)
            WHERE request_id = \(withdrawal.requestId) AND withdrawn_at IS NULL AND assigned_at <= \(withdrawal.withdrawnAt)
              AND (\(withdrawal.providerId)::uuid IS NULL OR provider_id = \(withdrawal.providerId))
            """)
    }

    /// The enterprise confirmed the work done: the coupon is spent.
    static func apply(_ event: CloudEvent<MatchCompleted>, on connection: PostgresConnection) async throws {
        let completion = event.data
        try await connection.execute("""
            UPDATE intake.request_assignments SET completed_at = \(completion.completedAt),
                spent_coupon_baht = \(completion.spentCouponBaht)
            WHERE request_id = \(completion.requestId) AND provider_id = \(completion.providerId) AND withdrawn_at IS NULL
              AND completed_at IS NULL
            """)
    }

    /// The enterprise rated the completed work and reported its monthly income before and after.
    static func apply(_ event: CloudEvent<MatchRated>, on connection: PostgresConnection) async throws {
        let rating = event.data
        try await connection.execute("""
            UPDATE intake.request_assignments SET rated_at = \(rating.ratedAt), rating = \(rating.rating),
                monthly_income_before_baht = \(rating.monthlyIncomeBeforeBaht),
                monthly_income_after_baht = \(rating.monthlyIncomeAfterBaht)
            WHERE request_id = \(rating.requestId) AND provider_id = \(rating.providerId) AND withdrawn_at IS NULL
              AND rated_at IS NULL
            """)
    }
}
