import Contracts
import Domain
import Foundation
import Postgres

extension Journey {
    /// The enterprise (or an officer for it) withdraws the request before completion: every open
    /// proposal and the open assignment end, their capacity is freed, the coupon goes back to the
    /// budget, and parked requests that may use them get another look.
    func requestWithdrawn(_ withdrawal: RequestWithdrawn, command: JourneyCommandEvent, context: JourneyContext) async throws {
        try await apply(command, request: withdrawal.requestId, context: context) {
            var request = try await requireRequest(withdrawal.requestId, on: context.connection)
            guard request.enterpriseID == withdrawal.enterpriseId else {
                throw notTheirs(request, "the request belongs to another enterprise")
            }
            try await advance(&request, .withdrawn, context: context)
            var announced = false, capacityFreed = false
            for proposal in try await openProposals(of: request.id, on: context.connection) {
                try await close(proposal, .withdraw, reason: withdrawal.reason, context: context)
                try await context.emit(withdrawn(request, stage: .proposal, proposal: proposal.id, provider: proposal.providerID,
                                                 reason: withdrawal.reason, by: withdrawal.withdrawnBy, released: 0,
                                                 rematching: false, context: context),
                                       journey: request.id)
                announced = true
                capacityFreed = true
            }
            var released = 0
            if let assignment = try await openAssignment(of: request.id, on: context.connection) {
                try await end(assignment, reason: withdrawal.reason, by: withdrawal.withdrawnBy, context: context)
                try await ledger.move(request, to: .released, context: context)
                released = request.coupon.programmeShareBaht
                try await context.emit(withdrawn(request, stage: .assignment, proposal: assignment.proposalID,
                                                 provider: assignment.providerID, reason: withdrawal.reason,
                                                 by: withdrawal.withdrawnBy, released: released, rematching: false,
                                                 context: context),
                                       journey: request.id)
                announced = true
                capacityFreed = true
            }
            let heldCoupon = try await ledger.couponStatus(request: request.id, on: context.connection) == .held
            if heldCoupon { try await ledger.move(request, to: .released, context: context) }
            if !announced {
                try await context.emit(withdrawn(request, stage: .request, proposal: nil, provider: nil, reason: withdrawal.reason,
                                                 by: withdrawal.withdrawnBy, released: 0, rematching: false, context: context),
                                       journey: request.id)
            }
            try await freed(capacity: capacityFreed, budgetOf: released > 0 || heldCoupon ? request : nil, except: request.id,
                            context: context)
            return nil
        }
    }

    /// An officer withdraws a pending or accepted proposal, with a reason: its capacity is freed and
    /// the request moves to the next candidate.
    func proposalWithdrawalOrdered(_ order: ProposalWithdrawalOrdered, command: JourneyCommandEvent,
                                   context: JourneyContext) async throws {
        try await apply(command, request: order.requestId, context: context) {
            var request = try await requireRequest(order.requestId, on: context.connection)
            let proposal = try await requireProposal(order.proposalId, of: request, on: context.connection)
            try await close(proposal, .withdraw, reason: order.reason, context: context)
            let remaining = try await matchmaker.openProposalCount(request.id, on: context.connection)
            let after: RequestStatus = remaining == 0 ? try request.status.applying(.proposalsClosed) : request.status
            try await context.emit(MatchWithdrawn(requestId: request.id, requestReference: request.reference,
                                                  enterpriseId: request.enterpriseID, stage: .proposal, proposalId: proposal.id,
                                                  providerId: proposal.providerID, reason: order.reason,
                                                  withdrawnBy: order.orderedBy, releasedCouponBaht: 0, rematching: true,
                                                  withdrawnAt: context.now, requestStatus: after),
                                   journey: request.id)
            try await proposalClosed(&request, context: context)
            try await freed(capacity: true, budgetOf: nil, except: request.id, context: context)
            return nil
        }
    }

    /// An officer withdraws the assignment, with a reason: capacity freed, committed coupon released,
    /// the provider's record counts one assignment not delivered; the request is matched again (never
    /// with that provider) or ends withdrawn.
    func assignmentWithdrawalOrdered(_ order: AssignmentWithdrawalOrdered, command: JourneyCommandEvent,
                                     context: JourneyContext) async throws {
        try await apply(command, request: order.requestId, context: context) {
            var request = try await requireRequest(order.requestId, on: context.connection)
            let status = try await advance(&request, .assignmentWithdrawn(rematch: order.rematch), context: context)
            guard let assignment = try await openAssignment(of: request.id, on: context.connection) else {
                throw InconsistentState("request \(request.id) was \(request.status.rawValue) without an open assignment")
            }
            try await end(assignment, reason: order.reason, by: order.orderedBy, context: context)
            try await context.connection.execute("""
                UPDATE matching.providers SET withdrawn_by_officer = withdrawn_by_officer + 1 WHERE id = \(assignment.providerID)
                """)
            try await ledger.move(request, to: .released, context: context)
            try await context.emit(MatchWithdrawn(requestId: request.id, requestReference: request.reference,
                                                  enterpriseId: request.enterpriseID, stage: .assignment,
                                                  proposalId: assignment.proposalID, providerId: assignment.providerID,
                                                  reason: order.reason, withdrawnBy: order.orderedBy,
                                                  releasedCouponBaht: request.coupon.programmeShareBaht,
                                                  rematching: order.rematch, withdrawnAt: context.now, requestStatus: status),
                                   journey: request.id)
            if order.rematch { try await matchmaker.place(request, announceUnmatched: true, context: context) }
            try await freed(capacity: true, budgetOf: request, except: request.id, context: context)
            return nil
        }
    }

    /// An officer assigns a provider by hand, with a reason. Capacity and budget stay hard limits:
    /// refused when the provider is full or the region's budget does not cover the coupon. Open
    /// proposals of the request are withdrawn.
    func manualAssignmentOrdered(_ order: ManualAssignmentOrdered, command: JourneyCommandEvent,
                                 context: JourneyContext) async throws {
        try await apply(command, request: order.requestId, context: context) {
            var request = try await requireRequest(order.requestId, on: context.connection)
            _ = try request.status.applying(.assignedManually)
            guard let provider = try await context.connection.query("""
                SELECT \(sql: ProviderRecord.columns) FROM matching.providers WHERE id = \(order.providerId)
                """).first.map(ProviderRecord.init(row:)) else {
                throw JourneyRefusal(currentState: request.status.rawValue,
                                     reason: "matching knows no provider \(order.providerId.lowercased)")
            }
            guard provider.profile.qualified else {
                throw JourneyRefusal(currentState: request.status.rawValue, reason: "provider \(provider.name) is not qualified")
            }
            for proposal in try await openProposals(of: request.id, on: context.connection) {
                let reason = "an officer assigned the request by hand: \(order.reason)"
                try await close(proposal, .withdraw, reason: reason, context: context)
                try await context.emit(withdrawn(request, stage: .proposal, proposal: proposal.id, provider: proposal.providerID,
                                                 reason: reason, by: order.orderedBy, released: 0, rematching: false,
                                                 requestStatus: .assigned, context: context),
                                       journey: request.id)
            }
            guard try await matchmaker.reserve(provider.id, on: context.connection) else {
                let load = try await context.connection.query(
                    "SELECT active_load, capacity FROM matching.providers WHERE id = \(provider.id)").first
                throw JourneyRefusal(currentState: request.status.rawValue,
                                     reason: "provider \(provider.name) has no free capacity (\(try load?.decode(Int.self, column: "active_load") ?? 0) of \(try load?.decode(Int.self, column: "capacity") ?? 0) in use)")
            }
            try await commitCoupon(of: request, context: context)
            try await advance(&request, .assignedManually, context: context)
            let assignment = MatchAssigned(
                assignmentId: UUID(), requestId: request.id, requestReference: request.reference,
                enterpriseId: request.enterpriseID, providerId: provider.id, proposalId: nil, manual: true,
                fiscalYear: request.fiscalYear, region: request.region, coupon: request.coupon,
                assignedBy: order.orderedBy, assignedAt: context.now)
            try await insert(assignment, reason: order.reason, context: context)
            try await context.emit(assignment, journey: request.id)
            return nil
        }
    }

    /// Ends an open assignment as withdrawn and frees its unit of capacity.
    private func end(_ assignment: AssignmentRecord, reason: String, by actor: Actor, context: JourneyContext) async throws {
        try await context.connection.execute("""
            UPDATE matching.assignments SET status = \(AssignmentStatus.withdrawn.rawValue), withdrawn_at = \(context.now),
                withdrawal_reason = \(reason), withdrawn_by = \(actor.role.rawValue)
            WHERE id = \(assignment.id)
            """)
        try await matchmaker.release(assignment.providerID, on: context.connection)
    }

    private func withdrawn(_ request: RequestRecord, stage: WithdrawalStage, proposal: UUID?, provider: UUID?, reason: String,
                           by actor: Actor, released: Int, rematching: Bool, requestStatus: RequestStatus? = nil,
                           context: JourneyContext) -> MatchWithdrawn {
        MatchWithdrawn(requestId: request.id, requestReference: request.reference, enterpriseId: request.enterpriseID,
                       stage: stage, proposalId: proposal, providerId: provider, reason: reason, withdrawnBy: actor,
                       releasedCouponBaht: released, rematching: rematching, withdrawnAt: context.now,
                       requestStatus: requestStatus ?? request.status)
    }
}
