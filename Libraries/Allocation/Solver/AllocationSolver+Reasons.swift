extension AllocationSolver {
    /// The reason for every unassigned request, decided from the optimum's loads as
    /// `UnassignedReason` documents.
    static func reasons(problem: AllocationProblem, assigned: [Int32], providerLoad: [Int], regionUsage: [Int],
                        positiveCandidates: [Int32]) -> [UnassignedRequest] {
        let edges = problem.edges
        let requestCount = problem.requests.count
        // Per unassigned request with candidates: does any candidate have a free slot, and does
        // any candidate have a slot at all?
        var anyFree = [Bool](repeating: false, count: requestCount)
        var anySlot = [Bool](repeating: false, count: requestCount)
        for k in 0..<edges.count where edges.score[k] > 0 {
            let r = Int(edges.requestIndex[k])
            if assigned[r] >= 0 { continue }
            let p = Int(edges.providerIndex[k])
            let maxLoad = problem.providers[p].maxLoad
            if maxLoad > 0 { anySlot[r] = true }
            if providerLoad[p] < maxLoad { anyFree[r] = true }
        }
        var result: [UnassignedRequest] = []
        for r in 0..<requestCount where assigned[r] < 0 {
            let region = Int(problem.requestRegion[r])
            let coupons = problem.regionCoupons[region]
            let reason: UnassignedReason
            if positiveCandidates[r] == 0 {
                reason = .noCandidate
            } else if coupons == 0 {
                reason = .regionBudgetExhausted
            } else if !anySlot[r] {
                reason = .allCandidatesFull
            } else {
                let regionFull = coupons.map { regionUsage[region] >= $0 } ?? false
                switch (regionFull, anyFree[r]) {
                case (true, true): reason = .regionBudgetExhausted
                case (false, false): reason = .allCandidatesFull
                case (true, false): reason = .lowerTotalScore
                case (false, true):
                    // Cannot happen at an optimum: the request could be added for a positive
                    // score. Reported as the closest reason rather than trapping.
                    reason = .lowerTotalScore
                }
            }
            result.append(UnassignedRequest(requestIndex: r, request: problem.requests[r].id, reason: reason))
        }
        return result
    }
}
