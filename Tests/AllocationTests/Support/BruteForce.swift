import Allocation

/// Exhaustive search over every feasible assignment (each request: unassigned or one of its
/// edges, including worthless ones) — the independent judge of optimality for small problems.
enum BruteForce {
    static func optimum(_ problem: AllocationProblem, couponBonus: (region: String, extra: Int)? = nil,
                        slotBonus: (provider: Int, extra: Int)? = nil) -> Int {
        let requestCount = problem.requests.count
        var edgesOf = [[(provider: Int, score: Int)]](repeating: [], count: requestCount)
        for k in 0..<problem.edges.count {
            let edge = problem.edges[k]
            edgesOf[edge.request].append((edge.provider, edge.score))
        }
        let regions = problem.regions
        let regionOf = problem.requests.map { regions.firstIndex(of: $0.region)! }
        var couponsLeft = regions.map { name -> Int in
            var coupons = problem.coupons(ofRegion: name) ?? Int.max / 2
            if let couponBonus, couponBonus.region == name { coupons += couponBonus.extra }
            return coupons
        }
        var slotsLeft = problem.providers.map(\.maxLoad)
        if let slotBonus { slotsLeft[slotBonus.provider] += slotBonus.extra }
        var best = 0
        func search(_ r: Int, _ total: Int) {
            if r == requestCount {
                best = max(best, total)
                return
            }
            search(r + 1, total)
            let g = regionOf[r]
            guard couponsLeft[g] > 0 else { return }
            for edge in edgesOf[r] where slotsLeft[edge.provider] > 0 {
                couponsLeft[g] -= 1; slotsLeft[edge.provider] -= 1
                search(r + 1, total + edge.score)
                couponsLeft[g] += 1; slotsLeft[edge.provider] += 1
            }
        }
        search(0, 0)
        return best
    }
}
