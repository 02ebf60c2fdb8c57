import Allocation
import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// An allocation round (an officer's `round.requested`): every eligible request of the fiscal year
/// (and region) waiting for a provider is assigned at once by `Libraries/Allocation`'s exact solver,
/// under the providers' capacity left and the regions' budget left. The round is stored (the
/// instance, which `otopctl round export` writes back as the solver's file format, the objective,
/// the solver's time, the seed, each request's outcome), its assignments become proposals exactly as request-by-request matching
/// makes them (capacity reserved, coupon held, `match.proposed` with the explanation), and the
/// requests it leaves out are waitlisted with the solver's reason (`match.waitlisted`).
///
/// Everything happens in the handler's transaction under the rows' locks (requests, then the
/// capacity lock, budgets, then providers), so a round and request-by-request matching in other replicas never over-book.
struct AllocationRound: Sendable {
    let journey: Journey

    /// What a request came to in a round (`round_requests.outcome`).
    enum Outcome: String, Sendable {
        case proposed
        case waitlisted
    }

    func run(_ round: RoundRequested, context: JourneyContext) async throws {
        let connection = context.connection
        let correlation = round.roundId.lowercased
        guard try await connection.query("SELECT 1 AS one FROM matching.rounds WHERE id = \(round.roundId)").isEmpty else {
            return
        }
        let started = ContinuousClock.now
        let waiting: [RequestStatus] = [.matching, .unmatched, .waitlisted]
        var requests = try await connection.query("""
            SELECT \(sql: RequestRecord.columns) FROM matching.requests
            WHERE fiscal_year = \(round.fiscalYear) AND (\(round.region?.rawValue)::text IS NULL OR region = \(round.region?.rawValue))
              AND status = ANY(\(waiting.map(\.rawValue)))
            ORDER BY submitted_at, id
            FOR UPDATE
            """).map(RequestRecord.init(row:))
        // Requests from before the journey have no region column: filter on the derived one.
        if let region = round.region { requests = requests.filter { $0.region == region } }

        // Budgets left, as coupons of the region's largest programme share (never over-spends when
        // coupon values differ; exact when they are equal).
        var budgets: [RegionBudget] = []
        var largestShare: [Region: Int] = [:]
        for request in requests { largestShare[request.region] = max(largestShare[request.region] ?? 0, request.coupon.programmeShareBaht) }
        for region in largestShare.keys.sorted() {
            let row = try await journey.ledger.lock(fiscalYear: round.fiscalYear, region: region, on: connection)
            let share = largestShare[region] ?? 0
            if let row {
                if share > 0 { budgets.append(RegionBudget(region: region.rawValue, coupons: max(0, row.available) / share)) }
            } else if journey.ledger.policy == .closed {
                budgets.append(RegionBudget(region: region.rawValue, coupons: 0))
            }
        }

        try await CapacityLock.take(on: connection)
        let providers = try await connection.query("""
            SELECT \(sql: ProviderRecord.columns) FROM matching.providers WHERE qualified ORDER BY id FOR UPDATE
            """).map(ProviderRecord.init(row:))
        var excluded: [UUID: Set<UUID>] = [:]
        for row in try await connection.query("""
            SELECT request_id, provider_id FROM matching.proposals WHERE request_id = ANY(\(requests.map(\.id)))
            UNION SELECT request_id, provider_id FROM matching.assignments WHERE request_id = ANY(\(requests.map(\.id)))
            """) {
            excluded[try row.decode(UUID.self, column: "request_id"), default: []].insert(try row.decode(UUID.self, column: "provider_id"))
        }
        let scorer = journey.configuration.scorer
        var phases: [(String, ContinuousClock.Instant)] = [("load", ContinuousClock.now)]
        let found = RoundCandidates(requests: requests, providers: providers, excluded: excluded, scorer: scorer,
                                    limit: journey.configuration.roundCandidates)
        phases.append(("candidates", ContinuousClock.now))
        var edges = CandidateEdges()
        edges.reserveCapacity(found.candidates.reduce(0) { $0 + $1.count })
        for (requestIndex, candidates) in found.candidates.enumerated() {
            for candidate in candidates { edges.append(request: requestIndex, provider: candidate.provider, score: candidate.score) }
        }
        let problem = try AllocationProblem(
            requests: requests.map { AllocationRequest(id: $0.id.lowercased, region: $0.region.rawValue) },
            providers: providers.map { AllocationProvider(id: $0.id.lowercased, maxLoad: $0.profile.freeCapacity) },
            budgets: budgets, candidates: edges)
        phases.append(("problem", ContinuousClock.now))
        let seed = round.seed ?? UInt64.random(in: .min ... .max)
        let clock = ContinuousClock()
        var solved: AllocationResult?
        let solving = clock.measure { solved = AllocationSolver(tieBreak: .lottery(seed: seed)).solve(problem) }
        guard let result = solved else { throw InconsistentState("the allocation solver returned no result") }
        let solverMilliseconds = Self.milliseconds(solving)

        phases.append(("solve", ContinuousClock.now))
        var reasons: [String: Int] = [:]
        for entry in result.unassigned { reasons[entry.reason.rawValue, default: 0] += 1 }
        let instance = try RoundInstance(problem)
        try await connection.execute("""
            INSERT INTO matching.rounds (id, fiscal_year, region, seed, requested_by, requested_at, completed_at, requests,
                proposed, waitlisted, waitlisted_by_reason, objective, solver_ms, candidates_per_request,
                \(sql: RoundInstance.columns))
            VALUES (\(round.roundId), \(round.fiscalYear), \(round.region?.rawValue), \(String(seed)),
                \(try PostgresJSON(round.requestedBy)), \(round.requestedAt), \(context.now), \(requests.count),
                \(result.assignments.count), \(result.unassigned.count), \(try PostgresJSON(reasons)), \(result.objective),
                \(solverMilliseconds), \(journey.configuration.roundCandidates), \(instance.requests), \(instance.requestRegions),
                \(instance.providers), \(instance.maxLoads), \(instance.budgetRegions), \(instance.budgetCoupons), \(instance.edges))
            """)
        phases.append(("store", ContinuousClock.now))
        try await propose(result, requests: requests, providers: providers, found: found, round: round, context: context,
                          phases: &phases)
        try await waitlist(result, requests: requests, round: round, context: context)
        phases.append(("waitlist", ContinuousClock.now))
        // Completed now (the transaction commits right after): the handler's clock plus the round's work.
        let completedAt = context.now.addingTimeInterval(Self.milliseconds(ContinuousClock.now - started) / 1000)
        try await connection.execute("UPDATE matching.rounds SET completed_at = \(completedAt) WHERE id = \(round.roundId)")

        try await context.emit(RoundCompleted(roundId: round.roundId, fiscalYear: round.fiscalYear, region: round.region,
                                              requests: requests.count, proposed: result.assignments.count,
                                              waitlisted: result.unassigned.count, waitlistedByReason: reasons,
                                              objective: result.objective, solverMilliseconds: solverMilliseconds,
                                              seed: seed, requestedBy: round.requestedBy, completedAt: completedAt),
                               correlationID: correlation)
        context.logger.info("allocation round completed", metadata: [
            "round_id": "\(round.roundId)", "requests": "\(requests.count)", "proposed": "\(result.assignments.count)",
            "waitlisted": "\(result.unassigned.count)", "objective": "\(result.objective)",
            "solver_ms": "\(solverMilliseconds)", "total_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            "phases_ms": "\(zip([("start", started)] + phases, phases).map { "\($1.0)=\(Int(Self.milliseconds($1.1 - $0.1)))" }.joined(separator: " "))"])
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    /// The round's assignments as proposals: capacity reserved per provider (checked against the
    /// locked rows), coupons held per region, the request proposed, `match.proposed` with the pair's
    /// explanation and the round's id.
    private func propose(_ result: AllocationResult, requests: [RequestRecord], providers: [ProviderRecord],
                         found: RoundCandidates, round: RoundRequested, context: JourneyContext,
                         phases: inout [(String, ContinuousClock.Instant)]) async throws {
        guard !result.assignments.isEmpty else { return }
        let connection = context.connection
        let scorer = journey.configuration.scorer
        var proposals: [MatchProposed] = []
        proposals.reserveCapacity(result.assignments.count)
        var loads: [Int: Int] = [:]
        for assignment in result.assignments {
            let request = requests[assignment.requestIndex]
            let provider = providers[assignment.providerIndex]
            _ = try request.status.applying(.proposed)
            guard case .success(let score) = scorer.score(request.profile, provider.profile), score.total == assignment.score else {
                throw InconsistentState("round \(round.roundId): the explained score of \(request.id) → \(provider.id) differs from the solved one")
            }
            let rank = (found.candidates[assignment.requestIndex].firstIndex { $0.provider == assignment.providerIndex } ?? 0) + 1
            proposals.append(MatchProposed(
                proposalId: UUID(), requestId: request.id, requestReference: request.reference,
                enterpriseId: request.enterpriseID, providerId: provider.id, rank: rank, score: score,
                candidatesConsidered: providers.count, candidatesEligible: found.eligibleCounts[assignment.requestIndex],
                respondBy: context.now.addingTimeInterval(journey.configuration.responseWindow), roundId: round.roundId))
            loads[assignment.providerIndex, default: 0] += 1
        }
        phases.append(("explain", ContinuousClock.now))
        // Capacity: one statement for every provider; all must fit in what the locked rows had left.
        let loaded = loads.keys.sorted()
        let reserved = try await connection.execute("""
            UPDATE matching.providers AS p SET active_load = p.active_load + x.n
            FROM unnest(\(loaded.map { providers[$0].id })::uuid[], \(loaded.map { loads[$0]! })::int8[]) AS x(id, n)
            WHERE p.id = x.id AND p.active_load + x.n <= p.capacity AND p.qualified
            """)
        guard reserved == loaded.count else {
            throw InconsistentState("round \(round.roundId): \(loaded.count - reserved) provider(s) had less capacity than the round was solved with")
        }
        // Proposals, in chunks (one statement each).
        for chunk in stride(from: 0, to: proposals.count, by: 2_000).map({ Array(proposals[$0..<min($0 + 2_000, proposals.count)]) }) {
            let explanations = try chunk.map { String(decoding: try PostgresJSON($0.score).rawJSON, as: UTF8.self) }
            try await connection.execute("""
                INSERT INTO matching.proposals (id, request_id, provider_id, rank, score, explanation, status, respond_by,
                    created_at, round_id, trace)
                SELECT x.id, x.request_id, x.provider_id, x.rank, x.score, x.explanation::jsonb, \(ProposalStatus.pending.rawValue),
                    x.respond_by, \(context.now), \(round.roundId), \(context.events.trace.header)
                FROM unnest(\(chunk.map(\.proposalId))::uuid[], \(chunk.map(\.requestId))::uuid[], \(chunk.map(\.providerId))::uuid[],
                            \(chunk.map(\.rank))::int8[], \(chunk.map(\.score.total))::int8[], \(explanations)::text[],
                            \(chunk.map(\.respondBy))::timestamptz[])
                    AS x(id, request_id, provider_id, rank, score, explanation, respond_by)
                """)
            try await connection.execute("""
                INSERT INTO matching.round_requests (round_id, request_id, outcome, provider_id, score)
                SELECT \(round.roundId), x.request_id, \(Outcome.proposed.rawValue), x.provider_id, x.score
                FROM unnest(\(chunk.map(\.requestId))::uuid[], \(chunk.map(\.providerId))::uuid[], \(chunk.map(\.score.total))::int8[])
                    AS x(request_id, provider_id, score)
                """)
            try await connection.execute("""
                UPDATE matching.requests SET status = \(RequestStatus.proposed.rawValue), unmatched_reason = NULL,
                    round_id = \(round.roundId), updated_at = \(context.now)
                WHERE id = ANY(\(chunk.map(\.requestId)))
                """)
        }
        phases.append(("proposals", ContinuousClock.now))
        let assigned = result.assignments.map { requests[$0.requestIndex] }
        try await holdCoupons(of: assigned, context: context)
        try await connection.execute("SELECT pg_notify(\(Matchmaker.deadlineChannel), '')")
        phases.append(("coupons", ContinuousClock.now))
        try await context.emit(all: proposals, journey: \.requestId)
        phases.append(("events", ContinuousClock.now))
    }

    /// Holds the coupons of the round's proposed requests: one statement for the coupons, one per
    /// region for the ledger, and one `budget.updated` per region (change `round`).
    private func holdCoupons(of requests: [RequestRecord], context: JourneyContext) async throws {
        let connection = context.connection
        try await connection.execute("""
            INSERT INTO matching.coupons (request_id, fiscal_year, region, value_baht, enterprise_share_baht,
                programme_share_baht, status, updated_at)
            SELECT x.id, x.fiscal_year, x.region, x.value, x.enterprise_share, x.programme_share, \(CouponStatus.held.rawValue),
                \(context.now)
            FROM unnest(\(requests.map(\.id))::uuid[], \(requests.map(\.fiscalYear))::int8[], \(requests.map(\.region.rawValue))::text[],
                        \(requests.map(\.coupon.valueBaht))::int8[], \(requests.map(\.coupon.enterpriseShareBaht))::int8[],
                        \(requests.map(\.coupon.programmeShareBaht))::int8[])
                AS x(id, fiscal_year, region, value, enterprise_share, programme_share)
            ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
            """)
        var held: [String: (fiscalYear: Int, region: Region, baht: Int)] = [:]
        for request in requests {
            let key = BudgetKey.of(fiscalYear: request.fiscalYear, region: request.region)
            held[key, default: (request.fiscalYear, request.region, 0)].baht += request.coupon.programmeShareBaht
        }
        for key in held.keys.sorted() {
            guard let entry = held[key] else { continue }
            let updated = try await connection.execute("""
                UPDATE matching.budgets SET held_baht = held_baht + \(entry.baht), updated_at = \(context.now)
                WHERE fiscal_year = \(entry.fiscalYear) AND region = \(entry.region.rawValue)
                """)
            if updated == 1 {
                try await journey.ledger.announce(fiscalYear: entry.fiscalYear, region: entry.region, change: .round, context: context)
            }
        }
    }

    /// The requests the round left out: waitlisted with the solver's reason.
    private func waitlist(_ result: AllocationResult, requests: [RequestRecord], round: RoundRequested,
                          context: JourneyContext) async throws {
        guard !result.unassigned.isEmpty else { return }
        let connection = context.connection
        let left = result.unassigned.map { (request: requests[$0.requestIndex], reason: $0.reason.rawValue) }
        for entry in left { _ = try entry.request.status.applying(.waitlisted) }
        for chunk in stride(from: 0, to: left.count, by: 2_000).map({ Array(left[$0..<min($0 + 2_000, left.count)]) }) {
            try await connection.execute("""
                UPDATE matching.requests SET status = \(RequestStatus.waitlisted.rawValue), round_id = \(round.roundId),
                    unmatched_reason = NULL, updated_at = \(context.now)
                WHERE id = ANY(\(chunk.map(\.request.id)))
                """)
            try await connection.execute("""
                INSERT INTO matching.round_requests (round_id, request_id, outcome, reason)
                SELECT \(round.roundId), x.request_id, \(Outcome.waitlisted.rawValue), x.reason
                FROM unnest(\(chunk.map(\.request.id))::uuid[], \(chunk.map(\.reason))::text[]) AS x(request_id, reason)
                """)
        }
        try await context.emit(all: left.map {
            MatchWaitlisted(requestId: $0.request.id, requestReference: $0.request.reference, enterpriseId: $0.request.enterpriseID,
                            roundId: round.roundId, reason: $0.reason, waitlistedAt: context.now)
        }, journey: \.requestId)
    }
}
