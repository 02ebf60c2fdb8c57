import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// The coupon journey on request timelines: every `match.*` outcome becomes a timeline entry and
/// moves the request's status (``Domain/RequestStatus``); screening decisions, proposals,
/// assignments with their outcome and rating (``AssignmentReadModel``), budgets and rounds are kept
/// as read models for the journey's routes and the programme KPIs.
extension TimelineHandler {
    func registerJourney(_ routes: inout EventRoutes) {
        routes.on(MatchAwaitingScreening.self) { event, context in
            try await record(event.header, request: event.data.requestId, status: RequestStatus.awaitingScreening.rawValue,
                             summary: ["provinceCode": event.data.provinceCode], on: context.connection)
        }
        routes.on(MatchScreened.self) { event, context in
            let screened = event.data
            try await context.connection.execute("""
                UPDATE intake.requests SET eligible = \(screened.eligible) WHERE id = \(screened.requestId)
                """)
            var summary = ["eligible": "\(screened.eligible)", "mode": screened.mode.rawValue, "by": screened.screenedBy.role.rawValue]
            summary["reason"] = screened.reason
            try await record(event.header, request: screened.requestId,
                             status: (screened.eligible ? RequestStatus.matching : .notEligible).rawValue, summary: summary,
                             on: context.connection)
        }
        routes.on(MatchProposed.self, proposed)
        routes.on(MatchUnavailable.self) { event, context in
            try await record(event.header, request: event.data.requestId, status: RequestStatus.unmatched.rawValue,
                             summary: ["reason": event.data.reason], on: context.connection)
        }
        routes.on(MatchAccepted.self) { event, context in
            let accepted = event.data
            try await proposal(accepted.proposalId, .accepted, reason: nil, at: event.header.time, on: context.connection)
            try await record(event.header, request: accepted.requestId, status: RequestStatus.accepted.rawValue,
                             summary: ["proposalId": id(accepted.proposalId), "providerId": id(accepted.providerId)],
                             on: context.connection)
        }
        routes.on(MatchDeclined.self) { event, context in
            let declined = event.data
            try await proposal(declined.proposalId, .declined, reason: declined.reason, at: event.header.time, on: context.connection)
            try await record(event.header, request: declined.requestId, status: nil, summary: [
                "proposalId": id(declined.proposalId), "providerId": id(declined.providerId), "reason": declined.reason],
                on: context.connection)
        }
        routes.on(MatchExpired.self) { event, context in
            let expired = event.data
            try await proposal(expired.proposalId, .expired, reason: nil, at: event.header.time, on: context.connection)
            try await record(event.header, request: expired.requestId, status: nil, summary: [
                "proposalId": id(expired.proposalId), "providerId": id(expired.providerId),
                "respondBy": RFC3339.string(from: expired.respondBy)], on: context.connection)
        }
        routes.on(MatchWithdrawn.self, withdrawn)
        routes.on(MatchAssigned.self, assigned)
        routes.on(MatchWorkReported.self) { event, context in
            let report = event.data
            var summary = ["providerId": id(report.providerId), "summary": report.summary]
            summary["standardApplied"] = report.standardApplied?.rawValue
            try await record(event.header, request: report.requestId, status: RequestStatus.workReported.rawValue, summary: summary,
                             on: context.connection)
        }
        routes.on(MatchCompleted.self) { event, context in
            let completed = event.data
            try await AssignmentReadModel.apply(event, on: context.connection)
            try await record(event.header, request: completed.requestId, status: RequestStatus.completed.rawValue, summary: [
                "providerId": id(completed.providerId), "spentCouponBaht": "\(completed.spentCouponBaht)"], on: context.connection)
        }
        routes.on(MatchRated.self) { event, context in
            let rated = event.data
            try await AssignmentReadModel.apply(event, on: context.connection)
            var summary = ["rating": "\(rated.rating)", "providerId": id(rated.providerId)]
            summary["incomeChangePercent"] = rated.incomeChangePercent.map { "\($0)" }
            try await record(event.header, request: rated.requestId, status: nil, summary: summary, on: context.connection)
        }
        routes.on(MatchCommandRefused.self) { event, context in
            let refused = event.data
            try await record(event.header, request: refused.requestId, status: nil, summary: [
                "command": refused.commandType, "currentState": refused.currentState, "reason": refused.reason,
                "by": refused.actor.role.rawValue], on: context.connection)
        }
        routes.on(MatchWaitlisted.self) { event, context in
            let waitlisted = event.data
            try await record(event.header, request: waitlisted.requestId, status: RequestStatus.waitlisted.rawValue, summary: [
                "roundId": id(waitlisted.roundId), "reason": waitlisted.reason], on: context.connection)
        }
        routes.on(BudgetUpdated.self, budgetUpdated)
        routes.on(BudgetSetRefused.self) { event, context in
            let refused = event.data
            try await context.connection.execute("""
                INSERT INTO intake.budget_refusals (fiscal_year, region, requested_baht, minimum_baht, reason, refused_at)
                VALUES (\(refused.fiscalYear), \(refused.region.rawValue), \(refused.requestedBaht), \(refused.minimumBaht),
                    \(refused.reason), \(refused.refusedAt))
                ON CONFLICT (fiscal_year, region) DO UPDATE SET requested_baht = EXCLUDED.requested_baht,
                    minimum_baht = EXCLUDED.minimum_baht, reason = EXCLUDED.reason, refused_at = EXCLUDED.refused_at
                WHERE intake.budget_refusals.refused_at <= EXCLUDED.refused_at
                """)
        }
        routes.on(RoundCompleted.self) { event, context in
            let round = event.data
            try await context.connection.execute("""
                UPDATE intake.rounds SET completed_at = \(round.completedAt), requests = \(round.requests),
                    proposed = \(round.proposed), waitlisted = \(round.waitlisted),
                    waitlisted_by_reason = \(try PostgresJSON(round.waitlistedByReason)), objective = \(round.objective),
                    solver_ms = \(round.solverMilliseconds), seed = \(round.seed.map(String.init))
                WHERE id = \(round.roundId)
                """)
        }
    }

    private func proposed(_ event: CloudEvent<MatchProposed>, _ context: HandlerContext) async throws {
        let proposal = event.data
        try await context.connection.execute("""
            INSERT INTO intake.proposals (id, request_id, provider_id, enterprise_id, reference, status, rank, score, respond_by,
                round_id, created_at, updated_at)
            VALUES (\(proposal.proposalId), \(proposal.requestId), \(proposal.providerId), \(proposal.enterpriseId),
                \(proposal.requestReference), \(ProposalStatus.pending.rawValue), \(proposal.rank), \(try PostgresJSON(proposal.score)),
                \(proposal.respondBy), \(proposal.roundId), \(event.time), \(event.time))
            ON CONFLICT (id) DO NOTHING
            """)
        var summary = ["proposalId": id(proposal.proposalId), "providerId": id(proposal.providerId), "rank": "\(proposal.rank)",
                       "score": "\(proposal.score.total)", "respondBy": RFC3339.string(from: proposal.respondBy)]
        summary["roundId"] = proposal.roundId.map(id)
        try await record(event.header, request: proposal.requestId, status: RequestStatus.proposed.rawValue, summary: summary,
                         on: context.connection)
    }

    private func withdrawn(_ event: CloudEvent<MatchWithdrawn>, _ context: HandlerContext) async throws {
        let withdrawal = event.data
        try await AssignmentReadModel.apply(event, on: context.connection)
        if withdrawal.stage == .proposal, let proposal = withdrawal.proposalId {
            try await self.proposal(proposal, .withdrawn, reason: withdrawal.reason, at: event.header.time, on: context.connection)
        }
        var summary = ["stage": withdrawal.stage.rawValue, "reason": withdrawal.reason, "by": withdrawal.withdrawnBy.role.rawValue,
                       "releasedCouponBaht": "\(withdrawal.releasedCouponBaht)", "rematching": "\(withdrawal.rematching)"]
        summary["providerId"] = withdrawal.providerId.map(id)
        summary["proposalId"] = withdrawal.proposalId.map(id)
        try await record(event.header, request: withdrawal.requestId, status: withdrawal.requestStatus?.rawValue, summary: summary,
                         on: context.connection)
    }

    private func assigned(_ event: CloudEvent<MatchAssigned>, _ context: HandlerContext) async throws {
        let assignment = event.data
        try await AssignmentReadModel.apply(event, on: context.connection)
        if let proposal = assignment.proposalId {
            try await self.proposal(proposal, .confirmed, reason: nil, at: event.header.time, on: context.connection)
        }
        try await record(event.header, request: assignment.requestId, status: RequestStatus.assigned.rawValue, summary: [
            "providerId": id(assignment.providerId), "manual": "\(assignment.manual)",
            "couponBaht": "\(assignment.coupon.valueBaht)", "programmeShareBaht": "\(assignment.coupon.programmeShareBaht)",
            "by": assignment.assignedBy.role.rawValue], on: context.connection)
    }

    private func budgetUpdated(_ event: CloudEvent<BudgetUpdated>, _ context: HandlerContext) async throws {
        let budget = event.data
        try await context.connection.execute("""
            INSERT INTO intake.budgets (fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht,
                available_baht, last_change, updated_at)
            VALUES (\(budget.fiscalYear), \(budget.region.rawValue), \(budget.allocatedBaht), \(budget.heldBaht ?? 0),
                \(budget.committedBaht), \(budget.spentBaht), \(budget.releasedBaht), \(budget.availableBaht), \(budget.change),
                \(budget.updatedAt))
            ON CONFLICT (fiscal_year, region) DO UPDATE SET allocated_baht = EXCLUDED.allocated_baht,
                held_baht = EXCLUDED.held_baht, committed_baht = EXCLUDED.committed_baht, spent_baht = EXCLUDED.spent_baht,
                released_baht = EXCLUDED.released_baht, available_baht = EXCLUDED.available_baht,
                last_change = EXCLUDED.last_change, updated_at = EXCLUDED.updated_at,
                version = intake.budgets.version + (intake.budgets.allocated_baht <> EXCLUDED.allocated_baht)::int
            WHERE intake.budgets.updated_at <= EXCLUDED.updated_at
            """)
    }

    /// Moves a proposal of the read model (events of one request arrive in order; the time guard
    /// keeps a replayed older event from undoing a newer state).
    private func proposal(_ proposal: UUID, _ status: ProposalStatus, reason: String?, at time: Date,
                          on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE intake.proposals SET status = \(status.rawValue), reason = coalesce(\(reason), reason), updated_at = \(time)
            WHERE id = \(proposal) AND updated_at <= \(time)
            """)
    }

    private func id(_ value: UUID) -> String { value.uuidString.lowercased() }
}
