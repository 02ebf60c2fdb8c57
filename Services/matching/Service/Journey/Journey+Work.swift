import Contracts
import Domain
import Foundation
import Logging
import Postgres

extension Journey {
    /// The assigned provider reports the work done.
    func workReported(_ report: WorkReported, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: report.requestId, context: context) {
            var request = try await requireRequest(report.requestId, on: context.connection)
            _ = try request.status.applying(.workReported)
            guard let assignment = try await openAssignment(of: request.id, on: context.connection) else {
                throw InconsistentState("request \(request.id) is \(request.status.rawValue) without an open assignment")
            }
            guard assignment.providerID == report.providerId else {
                throw notTheirs(request, "the request is assigned to another provider")
            }
            let summary = report.summary.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !summary.isEmpty else {
                throw JourneyRefusal(currentState: request.status.rawValue, reason: "a summary of the work is required")
            }
            try await advance(&request, .workReported, context: context)
            try await context.connection.execute("""
                UPDATE matching.assignments SET status = \(AssignmentStatus.workReported.rawValue), work_summary = \(summary),
                    standard_applied = \(report.standardApplied?.rawValue), reported_at = \(context.now)
                WHERE id = \(assignment.id)
                """)
            try await context.emit(MatchWorkReported(requestId: request.id, requestReference: request.reference,
                                                     enterpriseId: request.enterpriseID, providerId: assignment.providerID,
                                                     summary: summary, standardApplied: report.standardApplied,
                                                     reportedAt: context.now),
                                   journey: request.id)
            return nil
        }
    }

    /// The enterprise confirms completion: the provider's capacity is freed, the coupon is spent, and
    /// the provider's completion count (a past outcome of its score) grows.
    func completionConfirmed(_ confirmation: CompletionConfirmed, command: JourneyCommandEvent,
                             context: JourneyContext) async throws {
        try await apply(command, request: confirmation.requestId, context: context) {
            var request = try await requireRequest(confirmation.requestId, on: context.connection)
            guard request.enterpriseID == confirmation.enterpriseId else {
                throw notTheirs(request, "the request belongs to another enterprise")
            }
            try await advance(&request, .completed, context: context)
            guard let assignment = try await openAssignment(of: request.id, on: context.connection) else {
                throw InconsistentState("request \(request.id) had its work reported without an open assignment")
            }
            try await context.connection.execute("""
                UPDATE matching.assignments SET status = \(AssignmentStatus.completed.rawValue), completed_at = \(context.now)
                WHERE id = \(assignment.id)
                """)
            try await matchmaker.release(assignment.providerID, on: context.connection)
            try await context.connection.execute("""
                UPDATE matching.providers SET completed = completed + 1 WHERE id = \(assignment.providerID)
                """)
            try await ledger.move(request, to: .spent, context: context)
            try await context.emit(MatchCompleted(requestId: request.id, requestReference: request.reference,
                                                  enterpriseId: request.enterpriseID, providerId: assignment.providerID,
                                                  fiscalYear: request.fiscalYear, region: request.region,
                                                  spentCouponBaht: request.coupon.programmeShareBaht, completedAt: context.now),
                                   journey: request.id)
            try await freed(capacity: true, budgetOf: nil, except: request.id, context: context)
            return nil
        }
    }

    /// The enterprise rates the completed work (once) and reports its income before and after; the
    /// rating joins the provider's mean rating.
    func rated(_ rating: WorkRated, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: rating.requestId, context: context) {
            let request = try await requireRequest(rating.requestId, on: context.connection)
            guard request.enterpriseID == rating.enterpriseId else {
                throw notTheirs(request, "the request belongs to another enterprise")
            }
            try request.status.checkRating(alreadyRated: request.rated)
            guard (1...5).contains(rating.rating) else {
                throw JourneyRefusal(currentState: request.status.rawValue, reason: "a rating is 1 to 5, found \(rating.rating)")
            }
            if [rating.monthlyIncomeBeforeBaht, rating.monthlyIncomeAfterBaht].contains(where: { ($0 ?? 0) < 0 }) {
                throw JourneyRefusal(currentState: request.status.rawValue, reason: "monthly income cannot be negative")
            }
            guard let assignment = try await context.connection.query("""
                SELECT \(sql: AssignmentRecord.columns) FROM matching.assignments
                WHERE request_id = \(request.id) AND status = \(AssignmentStatus.completed.rawValue)
                ORDER BY completed_at DESC LIMIT 1 FOR UPDATE
                """).first.map(AssignmentRecord.init(row:)) else {
                throw InconsistentState("request \(request.id) is completed without a completed assignment")
            }
            try await context.connection.execute("""
                UPDATE matching.assignments SET rating = \(rating.rating), rating_comment = \(rating.comment),
                    income_before_baht = \(rating.monthlyIncomeBeforeBaht), income_after_baht = \(rating.monthlyIncomeAfterBaht),
                    rated_at = \(context.now)
                WHERE id = \(assignment.id)
                """)
            try await context.connection.execute("""
                UPDATE matching.providers SET rating_sum = rating_sum + \(rating.rating), ratings = ratings + 1
                WHERE id = \(assignment.providerID)
                """)
            try await context.connection.execute("UPDATE matching.requests SET rated = true, updated_at = \(context.now) WHERE id = \(request.id)")
            var change: Double?
            if let before = rating.monthlyIncomeBeforeBaht, let after = rating.monthlyIncomeAfterBaht, before > 0 {
                change = (Double(after - before) / Double(before) * 1000).rounded() / 10
            }
            try await context.emit(MatchRated(requestId: request.id, requestReference: request.reference,
                                              enterpriseId: request.enterpriseID, providerId: assignment.providerID,
                                              rating: rating.rating, comment: rating.comment,
                                              monthlyIncomeBeforeBaht: rating.monthlyIncomeBeforeBaht,
                                              monthlyIncomeAfterBaht: rating.monthlyIncomeAfterBaht,
                                              incomeChangePercent: change, ratedAt: context.now),
                                   journey: request.id)
            return nil
        }
    }

    /// A certificate was issued (`certification.step-changed` to `certified`) for a request: it
    /// counts, once per certificate, for the provider the request was assigned to.
    func certified(_ change: CertificationStepChanged, context: JourneyContext) async throws {
        guard change.to == .certified, let requestID = change.requestId else { return }
        guard let provider = try await context.connection.query("""
            SELECT provider_id FROM matching.assignments
            WHERE request_id = \(requestID) AND status <> \(AssignmentStatus.withdrawn.rawValue)
            ORDER BY assigned_at DESC LIMIT 1
            """).first?.decode(UUID.self, column: "provider_id") else {
            context.logger.debug("certificate for a request without an assignment", metadata: ["request_id": "\(requestID)"])
            return
        }
        let counted = try await context.connection.execute("""
            INSERT INTO matching.provider_certificates (certificate_id, provider_id, request_id, certified_at)
            VALUES (\(change.certificateId), \(provider), \(requestID), \(change.changedAt))
            ON CONFLICT (certificate_id) DO NOTHING
            """)
        if counted == 1 {
            try await context.connection.execute("UPDATE matching.providers SET certificates = certificates + 1 WHERE id = \(provider)")
        }
    }
}
