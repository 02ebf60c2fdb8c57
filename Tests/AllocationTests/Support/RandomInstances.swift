import Allocation

/// Seeded random problems for the tests (never the system generator, so failures reproduce).
enum RandomInstances {
    /// A small problem the brute-force search can check: up to `maxRequests` requests with
    /// 0–3 candidate edges each, scores in −2...6 (many exact ties, some worthless edges),
    /// capacities 0–3, regions with 0–4 coupons or unlimited.
    static func small(seed: UInt64, maxRequests: Int = 7) -> AllocationProblem {
        var random = SplitMix64(seed: seed)
        func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(random.below(UInt64(range.count)))
        }
        let regionCount = int(1...3)
        let requestCount = int(0...maxRequests)
        let providerCount = int(1...4)
        let requests = (0..<requestCount).map { AllocationRequest(id: "r\($0)", region: "g\(int(0...(regionCount - 1)))") }
        let providers = (0..<providerCount).map { AllocationProvider(id: "p\($0)", maxLoad: int(0...3)) }
        var budgets: [RegionBudget] = []
        for g in 0..<regionCount where int(0...3) > 0 {
            budgets.append(RegionBudget(region: "g\(g)", coupons: int(0...4)))
        }
        var edges: [CandidateEdge] = []
        for r in 0..<requestCount {
            var chosen = Set<Int>()
            for _ in 0..<int(0...3) { chosen.insert(int(0...(providerCount - 1))) }
            for p in chosen.sorted() {
                edges.append(CandidateEdge(request: "r\(r)", provider: "p\(p)", score: int(-2...6)))
            }
        }
        edges.shuffle(using: &random)
        // Swift's shuffle may change between versions; the tests only need *some* order.
        return try! AllocationProblem(requests: requests, providers: providers, budgets: budgets, edges: edges)
    }

    /// A medium problem shaped like a real round: regions of different demand, sparse
    /// candidates (2–20 per request, mostly in the request's own region), scores 1–10,000,
    /// capacities 1–8, coupons for about 70 % of each region's demand, a few ties.
    static func medium(seed: UInt64, requests requestCount: Int, providers providerCount: Int) -> AllocationProblem {
        var random = SplitMix64(seed: seed)
        func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(random.below(UInt64(range.count)))
        }
        let regions = ["north", "northeast", "central", "east", "west", "south"]
        let weights = [3, 8, 5, 2, 1, 3]
        let totalWeight = weights.reduce(0, +)
        func pickRegion() -> Int {
            var x = int(0...(totalWeight - 1))
            for (i, w) in weights.enumerated() {
                if x < w { return i }
                x -= w
            }
            return 0
        }
        let providerRegion = (0..<providerCount).map { _ in pickRegion() }
        var providersByRegion = [[Int]](repeating: [], count: regions.count)
        for (p, g) in providerRegion.enumerated() { providersByRegion[g].append(p) }
        var requests: [AllocationRequest] = []
        var demand = [Int](repeating: 0, count: regions.count)
        var edges = CandidateEdges()
        for r in 0..<requestCount {
            let g = pickRegion()
            demand[g] += 1
            requests.append(AllocationRequest(id: "r\(r)", region: regions[g]))
            var chosen = Set<Int>()
            for _ in 0..<int(2...20) {
                let local = !providersByRegion[g].isEmpty && int(0...9) < 7
                let p = local ? providersByRegion[g][int(0...(providersByRegion[g].count - 1))] : int(0...(providerCount - 1))
                chosen.insert(p)
            }
            for p in chosen.sorted() {
                let base = providerRegion[p] == g ? 6000 : 2000
                let score = int(0...9) == 0 ? base : base + int(0...4000)   // some exact ties
                edges.append(request: r, provider: p, score: score)
            }
        }
        let providers = (0..<providerCount).map { AllocationProvider(id: "p\($0)", maxLoad: int(1...8)) }
        var budgets: [RegionBudget] = []
        for (g, name) in regions.enumerated() where g != 4 {   // the west is unlimited
            budgets.append(RegionBudget(region: name, coupons: demand[g] * 7 / 10))
        }
        return try! AllocationProblem(requests: requests, providers: providers, budgets: budgets, candidates: edges)
    }
}
