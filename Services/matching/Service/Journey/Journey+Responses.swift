import Contracts
import Domain
import Foundation
import Logging
import Postgres

extension Journey {
    /// A provider's answer. Accepting: the first acceptance wins — the request's other open proposals
    /// are withdrawn (capacity given back) and the enterprise confirms next. An answer given after
    /// the deadline expires the proposal instead. Declining (with a reason): the next candidate.
    func responded(_ response: ProposalResponded, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: response.requestId, context: context) {
            var request = try await requireRequest(response.requestId, on: context.connection)
            let proposal = try await requireProposal(response.proposalId, of: request, on: context.connection)
            guard proposal.providerID == response.providerId else {
                throw JourneyRefusal(currentState: proposal.status.rawValue, reason: "the proposal was made to another provider")
            }
            switch response.decision {
            case .accept:
                _ = try proposal.status.applying(.accept)
                if response.respondedAt > proposal.respondBy {
                    // Too late: what the scheduler would have done at the deadline happens now.
                    try await expire(proposal, of: &request, context: context)
                    return JourneyRefusal(currentState: ProposalStatus.expired.rawValue,
                                          reason: "the answer came after the response deadline \(RFC3339.string(from: proposal.respondBy))")
                }
                try await accept(proposal, of: &request, context: context)
            case .decline:
                let reason = response.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard !reason.isEmpty else {
                    throw JourneyRefusal(currentState: proposal.status.rawValue, reason: "a reason is required to decline")
                }
                try await close(proposal, .decline, reason: reason, context: context)
                try await context.emit(MatchDeclined(proposalId: proposal.id, requestId: request.id,
                                                     requestReference: request.reference, enterpriseId: request.enterpriseID,
                                                     providerId: proposal.providerID, reason: reason, declinedAt: context.now),
                                       journey: request.id)
                try await proposalClosed(&request, context: context)
                try await freed(capacity: true, budgetOf: nil, except: request.id, context: context)
            }
            return nil
        }
    }

    private func accept(_ proposal: ProposalRecord, of request: inout RequestRecord, context: JourneyContext) async throws {
        let status = try proposal.status.applying(.accept)
        try await advance(&request, .accepted, context: context)
        try await context.connection.execute("UPDATE matching.proposals SET status = \(status.rawValue) WHERE id = \(proposal.id)")
        try await context.emit(MatchAccepted(proposalId: proposal.id, requestId: request.id, requestReference: request.reference,
                                             enterpriseId: request.enterpriseID, providerId: proposal.providerID,
                                             acceptedAt: context.now),
                               journey: request.id)
        // First acceptance wins: every other open proposal of the request is withdrawn.
        let others = try await openProposals(of: request.id, on: context.connection).filter { $0.id != proposal.id }
        for other in others {
            let reason = "another provider accepted the request first"
            try await close(other, .withdraw, reason: reason, context: context)
            try await context.emit(MatchWithdrawn(requestId: request.id, requestReference: request.reference,
                                                  enterpriseId: request.enterpriseID, stage: .proposal, proposalId: other.id,
                                                  providerId: other.providerID, reason: reason, withdrawnBy: .system,
                                                  releasedCouponBaht: 0, rematching: false, withdrawnAt: context.now,
                                                  requestStatus: request.status),
                                   journey: request.id)
        }
        if !others.isEmpty { try await freed(capacity: true, budgetOf: nil, except: request.id, context: context) }
    }

    /// What the expiry scheduler's step did with one proposal.
    enum ExpiryOutcome: Sendable, Equatable {
        case expired
        /// Answered, withdrawn or expired already (by another replica), or not due.
        case notDue
        /// Another transaction holds the request: tried again at the next wake-up.
        case busy
    }

    /// The expiry scheduler's step for one proposal whose deadline passed: expired exactly once (the
    /// request's row lock and the status check make a second replica, or a retry, see it closed),
    /// then the next candidate.
    func expireDue(_ proposalID: UUID, context: JourneyContext) async throws -> ExpiryOutcome {
        let connection = context.connection
        guard let requestID = try await connection.query(
            "SELECT request_id FROM matching.proposals WHERE id = \(proposalID)").first?.decode(UUID.self, column: "request_id")
        else { return .notDue }
        guard var request = try await lockRequest(requestID, skipLocked: true, on: connection) else { return .busy }
        guard let proposal = try await connection.query("""
            SELECT \(sql: ProposalRecord.columns) FROM matching.proposals WHERE id = \(proposalID) FOR UPDATE
            """).first.map(ProposalRecord.init(row:)),
              proposal.status == .pending, proposal.respondBy <= context.now
        else { return .notDue }
        try await expire(proposal, of: &request, context: context)
        return .expired
    }

    private func expire(_ proposal: ProposalRecord, of request: inout RequestRecord, context: JourneyContext) async throws {
        try await close(proposal, .expire, reason: nil, context: context)
        try await context.emit(MatchExpired(proposalId: proposal.id, requestId: request.id, requestReference: request.reference,
                                            enterpriseId: request.enterpriseID, providerId: proposal.providerID,
                                            respondBy: proposal.respondBy, expiredAt: context.now),
                               journey: request.id)
        context.logger.info("proposal expired", metadata: ["request_id": "\(request.id)", "proposal_id": "\(proposal.id)"])
        try await proposalClosed(&request, context: context)
        try await freed(capacity: true, budgetOf: nil, except: request.id, context: context)
    }

    /// The enterprise confirms the provider that accepted: the request is assigned and its coupon
    /// committed (the hold becomes a commitment; the proposal's unit of capacity passes to the
    /// assignment).
    func confirmed(_ confirmation: ProposalConfirmed, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: confirmation.requestId, context: context) {
            var request = try await requireRequest(confirmation.requestId, on: context.connection)
            guard request.enterpriseID == confirmation.enterpriseId else {
                throw notTheirs(request, "the request belongs to another enterprise")
            }
            let proposal = try await requireProposal(confirmation.proposalId, of: request, on: context.connection)
            let proposalStatus = try proposal.status.applying(.confirm)
            try await advance(&request, .confirmed, context: context)
            try await commitCoupon(of: request, context: context)
            try await context.connection.execute("""
                UPDATE matching.proposals SET status = \(proposalStatus.rawValue), closed_at = \(context.now) WHERE id = \(proposal.id)
                """)
            let assignment = MatchAssigned(
                assignmentId: UUID(), requestId: request.id, requestReference: request.reference,
                enterpriseId: request.enterpriseID, providerId: proposal.providerID, proposalId: proposal.id, manual: false,
                fiscalYear: request.fiscalYear, region: request.region, coupon: request.coupon,
                assignedBy: confirmation.confirmedBy, assignedAt: context.now)
            try await insert(assignment, reason: nil, context: context)
            try await context.emit(assignment, journey: request.id)
            return nil
        }
    }

    /// Commits the request's coupon: from its hold, or — when none is held (a manual assignment) —
    /// only if the region's budget covers it.
    func commitCoupon(of request: RequestRecord, context: JourneyContext) async throws {
        if try await ledger.couponStatus(request: request.id, on: context.connection) != .held {
            let covered = try await ledger.covers(request.coupon.programmeShareBaht, fiscalYear: request.fiscalYear,
                                                  region: request.region, on: context.connection)
            guard covered else {
                throw JourneyRefusal(currentState: request.status.rawValue,
                                     reason: "the \(request.region.rawValue) region's coupon budget for \(request.fiscalYear) does not cover the coupon (\(request.coupon.programmeShareBaht) baht)")
            }
        }
        try await ledger.move(request, to: .committed, context: context)
    }

    /// Stores an assignment (active).
    func insert(_ assignment: MatchAssigned, reason: String?, context: JourneyContext) async throws {
        try await context.connection.execute("""
            INSERT INTO matching.assignments (id, request_id, provider_id, proposal_id, manual, status, reason, assigned_at)
            VALUES (\(assignment.assignmentId), \(assignment.requestId), \(assignment.providerId), \(assignment.proposalId),
                \(assignment.manual), \(AssignmentStatus.active.rawValue), \(reason), \(context.now))
            """)
    }
}
