import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// Places one request: scores every provider it has not been offered to yet (``MatchScorer``),
/// proposes the best eligible ones that still have capacity — as many as may be out at once — and
/// explains each proposal; or parks the request with the reason nobody can take it.
///
/// Hard limits, whatever the number of replicas: a provider's capacity is reserved with a conditional
/// UPDATE on its row (`active_load < capacity`), and the request's coupon is held against its
/// region's budget under the budget row's lock (``BudgetLedger``). The caller holds the request's row
/// lock; the lock order is request → capacity (``CapacityLock``) → budget → providers.
struct Matchmaker: Sendable {
    var scorer: MatchScorer
    /// How long a provider has to accept or decline.
    var responseWindow: TimeInterval
    /// Proposals that may be out for one request at once.
    var parallelProposals: Int
    var ledger: BudgetLedger
    /// Parked requests re-tried per event that may help them.
    var retryLimit: Int

    /// Why a request is parked (`MatchUnavailable.reason`, `requests.unmatched_reason`).
    enum ParkReason: String, Sendable, CaseIterable {
        /// No provider is registered.
        case noProviders
        /// No provider fits the request's needs (or every one that fits was offered it already).
        case noEligibleProvider
        /// Providers fit, but none has free capacity.
        case allCandidatesFull
        /// The region's coupon budget for the fiscal year does not cover the coupon.
        case regionBudgetExhausted
    }

    enum Outcome: Equatable, Sendable {
        case proposed(count: Int)
        case unmatched(reason: ParkReason)
        /// The request is not waiting for a provider (assigned, withdrawn, proposals already out ...).
        case notWaiting
    }

    /// The NOTIFY channel the expiry scheduler listens on: a proposal with a (maybe earlier) deadline.
    static let deadlineChannel = "matching_proposal_deadlines"

    /// Proposes providers for `request` (locked by the caller).
    /// - Parameter announceUnmatched: publish `match.unmatched` when the request stays parked (off
    ///   when re-trying parked requests, so a retry that changes nothing says nothing; a request that
    ///   becomes parked now is always announced).
    @discardableResult
    func place(_ request: RequestRecord, announceUnmatched: Bool, context: JourneyContext) async throws -> Outcome {
        guard [.matching, .unmatched, .proposed].contains(request.status) else { return .notWaiting }
        let connection = context.connection
        let open = try await openProposalCount(request.id, on: connection)
        let wanted = parallelProposals - open
        guard wanted > 0 else { return .notWaiting }

        // Never back to a provider that was offered the request before (declined, expired, withdrawn)
        // or that had its assignment.
        let offered = Set(try await connection.query("""
            SELECT provider_id FROM matching.proposals WHERE request_id = \(request.id)
            UNION SELECT provider_id FROM matching.assignments WHERE request_id = \(request.id)
            """).map { try $0.decode(UUID.self, column: "provider_id") })
        let providers = try await connection.query("SELECT \(sql: ProviderRecord.columns) FROM matching.providers")
            .map(ProviderRecord.init(row:)).filter { !offered.contains($0.id) }

        var exclusions: [String: Int] = [:]
        var eligible: [(record: ProviderRecord, score: MatchScore)] = []
        let profile = request.profile
        for provider in providers {
            switch scorer.score(profile, provider.profile) {
            case .success(let score): eligible.append((provider, score))
            case .failure(let reason): exclusions[reason.rawValue, default: 0] += 1
            }
        }
        // Best score first; equal scores go to the provider with the smaller id (deterministic).
        eligible.sort { a, b in
            a.score.total != b.score.total ? a.score.total > b.score.total : a.record.id.uuidString < b.record.id.uuidString
        }

        let coupon = try await ledger.couponStatus(request: request.id, on: connection)
        let needsHold = coupon != .held
        var budgetShort = false
        if needsHold, !eligible.isEmpty {
            let covered = try await ledger.covers(request.coupon.programmeShareBaht, fiscalYear: request.fiscalYear,
                                                  region: request.region, on: connection)
            budgetShort = !covered
        }
        var made = 0
        if !budgetShort {
            for (index, candidate) in eligible.enumerated() where made < wanted {
                guard try await reserve(candidate.record.id, on: connection) else {
                    exclusions[MatchIneligibility.noFreeCapacity.rawValue, default: 0] += 1
                    continue
                }
                let proposal = MatchProposed(
                    proposalId: UUID(), requestId: request.id, requestReference: request.reference,
                    enterpriseId: request.enterpriseID, providerId: candidate.record.id, rank: offered.count + index + 1,
                    score: candidate.score, candidatesConsidered: providers.count + offered.count,
                    candidatesEligible: eligible.count, respondBy: context.now.addingTimeInterval(responseWindow))
                try await insert(proposal, roundID: nil, context: context)
                try await context.emit(proposal, journey: request.id)
                made += 1
                context.logger.info("provider proposed", metadata: [
                    "request_id": "\(request.id)", "provider_id": "\(candidate.record.id)",
                    "score": "\(candidate.score.total)", "eligible": "\(eligible.count)"])
            }
        }
        if made > 0 {
            if needsHold { try await ledger.move(request, to: .held, context: context) }
            let status = try request.status.applying(.proposed)
            try await connection.execute("""
                UPDATE matching.requests SET status = \(status.rawValue), unmatched_reason = NULL, updated_at = \(context.now)
                WHERE id = \(request.id)
                """)
            return .proposed(count: made)
        }
        // Nothing new: proposals still out keep the request proposed.
        guard open == 0 else { return .notWaiting }
        let full = exclusions[MatchIneligibility.noFreeCapacity.rawValue, default: 0] > 0
        let reason: ParkReason = budgetShort ? .regionBudgetExhausted
            : providers.isEmpty ? (offered.isEmpty ? .noProviders : .noEligibleProvider)
            : eligible.isEmpty && !full ? .noEligibleProvider : .allCandidatesFull
        try await park(request, reason: reason, exclusions: exclusions, candidates: providers.count + offered.count,
                       announce: announceUnmatched || request.status != .unmatched, context: context)
        return .unmatched(reason: reason)
    }

    /// Parks the request: nobody can take it now. A coupon still held for it goes back to the budget.
    private func park(_ request: RequestRecord, reason: ParkReason, exclusions: [String: Int], candidates: Int,
                      announce: Bool, context: JourneyContext) async throws {
        let status = try request.status.applying(.parked)
        if try await ledger.couponStatus(request: request.id, on: context.connection) == .held {
            try await ledger.move(request, to: .released, context: context)
        }
        try await context.connection.execute("""
            UPDATE matching.requests SET status = \(status.rawValue), unmatched_reason = \(reason.rawValue),
                updated_at = \(context.now)
            WHERE id = \(request.id)
            """)
        if announce {
            try await context.emit(MatchUnavailable(requestId: request.id, requestReference: request.reference,
                                                    enterpriseId: request.enterpriseID, reason: reason.rawValue,
                                                    exclusions: exclusions, candidatesConsidered: candidates),
                                   journey: request.id)
        }
        context.logger.info("no provider can take the request now", metadata: [
            "request_id": "\(request.id)", "reason": "\(reason.rawValue)"])
    }

    /// Re-tries parked requests (oldest first, at most ``retryLimit``) after something that may help
    /// them: a provider registered (any reason), capacity freed (`allCandidatesFull`), budget freed
    /// in a region (`regionBudgetExhausted` there). Rows another transaction holds are skipped: that
    /// transaction is placing them already.
    func retryParked(_ reasons: [ParkReason], fiscalYear: Int? = nil, region: Region? = nil, except: UUID? = nil,
                     context: JourneyContext) async throws {
        guard retryLimit > 0 else { return }
        let rows = try await context.connection.query("""
            SELECT \(sql: RequestRecord.columns) FROM matching.requests
            WHERE status = \(RequestStatus.unmatched.rawValue) AND unmatched_reason = ANY(\(reasons.map(\.rawValue)))
              AND (\(fiscalYear)::int IS NULL OR fiscal_year = \(fiscalYear))
              AND (\(region?.rawValue)::text IS NULL OR region = \(region?.rawValue))
              AND (\(except)::uuid IS NULL OR id <> \(except))
            ORDER BY submitted_at LIMIT \(retryLimit)
            FOR UPDATE SKIP LOCKED
            """)
        for row in rows {
            try await place(try RequestRecord(row: row), announceUnmatched: false, context: context)
        }
    }

    /// Open proposals (pending or accepted) of a request.
    func openProposalCount(_ request: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query("""
            SELECT count(*)::int8 AS n FROM matching.proposals
            WHERE request_id = \(request) AND status IN (\(ProposalStatus.pending.rawValue), \(ProposalStatus.accepted.rawValue))
            """).first?.decode(Int.self, column: "n") ?? 0
    }

    /// Reserves one unit of the provider's capacity; `false` when it is full (or not qualified).
    func reserve(_ provider: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await CapacityLock.take(on: connection)
        return try await connection.execute("""
            UPDATE matching.providers SET active_load = active_load + 1
            WHERE id = \(provider) AND active_load < capacity AND qualified
            """) == 1
    }

    /// Gives back one unit of the provider's capacity (a proposal or assignment closed).
    func release(_ provider: UUID, on connection: PostgresConnection) async throws {
        try await CapacityLock.take(on: connection)
        let updated = try await connection.execute("""
            UPDATE matching.providers SET active_load = active_load - 1 WHERE id = \(provider) AND active_load > 0
            """)
        guard updated == 1 else {
            throw InconsistentState("provider \(provider.lowercased) holds no capacity to release (active_load is 0)")
        }
    }

    /// Stores a proposal (pending) and wakes the expiry scheduler at commit.
    func insert(_ proposal: MatchProposed, roundID: UUID?, context: JourneyContext) async throws {
        try await context.connection.execute("""
            INSERT INTO matching.proposals (id, request_id, provider_id, rank, score, explanation, status, respond_by,
                created_at, round_id, trace)
            VALUES (\(proposal.proposalId), \(proposal.requestId), \(proposal.providerId), \(proposal.rank),
                \(proposal.score.total), \(try PostgresJSON(proposal.score)), \(ProposalStatus.pending.rawValue),
                \(proposal.respondBy), \(context.now), \(roundID), \(context.events.trace.header))
            """)
        try await context.connection.execute("SELECT pg_notify(\(Self.deadlineChannel), '')")
    }
}
