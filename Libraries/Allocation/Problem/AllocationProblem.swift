/// One allocation round: requests (each in a region), providers (each with a maximum load),
/// coupon budgets per region and candidate edges with integer scores.
///
/// The solver chooses edges to maximise the total score such that every request is assigned
/// at most once, every provider at most `maxLoad` times and every region at most `coupons`
/// times. A region without a budget entry is unlimited. A valid problem is immutable.
public struct AllocationProblem: Sendable {
    /// The requests, in input order (the order used by the `.inputOrder` tie-break).
    public let requests: [AllocationRequest]
    /// The providers, in input order.
    public let providers: [AllocationProvider]
    /// The budgets, in input order.
    public let budgets: [RegionBudget]
    /// The candidate edges, by index into `requests` and `providers`.
    public let edges: CandidateEdges

    /// Region names: those of the requests in order of first appearance, then budget-only regions.
    let regionNames: [String]
    /// Region index of each request.
    let requestRegion: [Int32]
    /// Coupons of each region, `nil` when unlimited.
    let regionCoupons: [Int?]

    /// The largest positive score accepted for a problem of `nodeCount` network nodes: the
    /// solver multiplies scores by `nodeCount + 1` and keeps prices within 64 bits.
    static func maximumScore(nodeCount: Int) -> Int {
        let n = nodeCount + 1
        let bound = Int.max / 16 / n / n
        return Swift.max(bound, 1)
    }

    /// Builds a problem from edges that name requests and providers by id.
    public init(requests: [AllocationRequest], providers: [AllocationProvider], budgets: [RegionBudget],
                edges: [CandidateEdge]) throws(AllocationProblemError) {
        var requestIndex: [String: Int] = [:]
        requestIndex.reserveCapacity(requests.count)
        for (index, request) in requests.enumerated() {
            if let first = requestIndex.updateValue(index, forKey: request.id) {
                throw AllocationProblemError(.duplicateRequest, item: "requests[\(index)]",
                                             message: "request id '\(request.id)' is already used by requests[\(first)]")
            }
        }
        var providerIndex: [String: Int] = [:]
        providerIndex.reserveCapacity(providers.count)
        for (index, provider) in providers.enumerated() {
            if let first = providerIndex.updateValue(index, forKey: provider.id) {
                throw AllocationProblemError(.duplicateProvider, item: "providers[\(index)]",
                                             message: "provider id '\(provider.id)' is already used by providers[\(first)]")
            }
        }
        var columns = CandidateEdges()
        columns.reserveCapacity(edges.count)
        for (k, edge) in edges.enumerated() {
            guard let r = requestIndex[edge.request] else {
                throw AllocationProblemError(.unknownRequest, item: "edges[\(k)]",
                                             message: "edge names request '\(edge.request)', which is not among the requests")
            }
            guard let p = providerIndex[edge.provider] else {
                throw AllocationProblemError(.unknownProvider, item: "edges[\(k)]",
                                             message: "edge names provider '\(edge.provider)', which is not among the providers")
            }
            columns.append(request: r, provider: p, score: edge.score)
        }
        try self.init(requests: requests, providers: providers, budgets: budgets, candidates: columns)
    }

    /// Builds a problem from edges given by index (what the instance reader and generators use).
    /// Checks everything the id-based initialiser checks.
    public init(requests: [AllocationRequest], providers: [AllocationProvider], budgets: [RegionBudget],
                candidates: CandidateEdges) throws(AllocationProblemError) {
        let limit = Int(Int32.max) - 16
        guard requests.count + providers.count < limit / 2 else {
            throw AllocationProblemError(.problemTooLarge, item: "requests",
                                         message: "\(requests.count) requests and \(providers.count) providers exceed the solver's 32-bit node indices")
        }
        guard candidates.count < limit / 2 - requests.count - providers.count else {
            throw AllocationProblemError(.problemTooLarge, item: "edges",
                                         message: "\(candidates.count) edges exceed the solver's 32-bit arc indices")
        }
        // Ids.
        var seenRequests = Set<String>()
        seenRequests.reserveCapacity(requests.count)
        for (index, request) in requests.enumerated() where !seenRequests.insert(request.id).inserted {
            let first = requests.firstIndex { $0.id == request.id } ?? 0
            throw AllocationProblemError(.duplicateRequest, item: "requests[\(index)]",
                                         message: "request id '\(request.id)' is already used by requests[\(first)]")
        }
        var seenProviders = Set<String>()
        seenProviders.reserveCapacity(providers.count)
        for (index, provider) in providers.enumerated() {
            if !seenProviders.insert(provider.id).inserted {
                let first = providers.firstIndex { $0.id == provider.id } ?? 0
                throw AllocationProblemError(.duplicateProvider, item: "providers[\(index)]",
                                             message: "provider id '\(provider.id)' is already used by providers[\(first)]")
            }
            if provider.maxLoad < 0 {
                throw AllocationProblemError(.negativeCapacity, item: "providers[\(index)]",
                                             message: "provider '\(provider.id)' has negative maxLoad \(provider.maxLoad)")
            }
        }
        // Regions.
        var regionIndex: [String: Int32] = [:]
        var regionNames: [String] = []
        var requestRegion: [Int32] = []
        requestRegion.reserveCapacity(requests.count)
        for request in requests {
            if let index = regionIndex[request.region] {
                requestRegion.append(index)
            } else {
                let index = Int32(regionNames.count)
                regionIndex[request.region] = index
                regionNames.append(request.region)
                requestRegion.append(index)
            }
        }
        var regionCoupons = [Int?](repeating: nil, count: regionNames.count)
        var budgetSeen: [String: Int] = [:]
        for (index, budget) in budgets.enumerated() {
            if let first = budgetSeen.updateValue(index, forKey: budget.region) {
                throw AllocationProblemError(.duplicateBudget, item: "budgets[\(index)]",
                                             message: "region '\(budget.region)' already has a budget at budgets[\(first)]")
            }
            if budget.coupons < 0 {
                throw AllocationProblemError(.negativeBudget, item: "budgets[\(index)]",
                                             message: "region '\(budget.region)' has negative coupons \(budget.coupons)")
            }
            if let region = regionIndex[budget.region] {
                regionCoupons[Int(region)] = budget.coupons
            } else {
                let region = Int32(regionNames.count)
                regionIndex[budget.region] = region
                regionNames.append(budget.region)
                regionCoupons.append(budget.coupons)
            }
        }
        // Edges: indexes in range, scores in range, no pair twice (checked per request with a
        // stamp per provider, so the check costs O(edges) without hashing).
        let nodeCount = 2 + regionNames.count + requests.count + providers.count
        let maximumScore = Self.maximumScore(nodeCount: nodeCount)
        let requestCount = requests.count, providerCount = providers.count
        var perRequest = [Int32](repeating: 0, count: requestCount + 1)
        for k in 0..<candidates.count {
            let r = Int(candidates.requestIndex[k]), p = Int(candidates.providerIndex[k])
            guard r >= 0, r < requestCount else {
                throw AllocationProblemError(.unknownRequest, item: "edges[\(k)]",
                                             message: "edge names request index \(r), but there are \(requestCount) requests")
            }
            guard p >= 0, p < providerCount else {
                throw AllocationProblemError(.unknownProvider, item: "edges[\(k)]",
                                             message: "edge names provider index \(p), but there are \(providerCount) providers")
            }
            let score = candidates.score[k]
            if score > maximumScore {
                throw AllocationProblemError(.scoreOutOfRange, item: "edges[\(k)]",
                                             message: "score \(score) of request '\(requests[r].id)' → provider '\(providers[p].id)' exceeds \(maximumScore), the largest exact score for a problem of this size")
            }
            perRequest[r + 1] &+= 1
        }
        for r in 0..<requestCount { perRequest[r + 1] &+= perRequest[r] }
        var order = [Int32](repeating: 0, count: candidates.count)
        var fill = perRequest
        for k in 0..<candidates.count {
            let r = Int(candidates.requestIndex[k])
            order[Int(fill[r])] = Int32(k)
            fill[r] &+= 1
        }
        var stamp = [Int32](repeating: -1, count: providerCount)
        var firstEdge = [Int32](repeating: 0, count: providerCount)
        for r in 0..<requestCount {
            for slot in Int(perRequest[r])..<Int(perRequest[r + 1]) {
                let k = Int(order[slot])
                let p = Int(candidates.providerIndex[k])
                if stamp[p] == Int32(r) {
                    let first = Int(firstEdge[p])
                    throw AllocationProblemError(.duplicateEdge, item: "edges[\(Swift.max(k, first))]",
                                                 message: "request '\(requests[r].id)' → provider '\(providers[p].id)' appears twice (edges[\(Swift.min(k, first))] and edges[\(Swift.max(k, first))])")
                }
                stamp[p] = Int32(r)
                firstEdge[p] = Int32(k)
            }
        }
        self.requests = requests
        self.providers = providers
        self.budgets = budgets
        self.edges = candidates
        self.regionNames = regionNames
        self.requestRegion = requestRegion
        self.regionCoupons = regionCoupons
    }

    /// The regions of the problem: those of the requests in order of first appearance, then
    /// regions that only have a budget.
    public var regions: [String] { regionNames }

    /// Coupons of `region`, or `nil` when the region is unlimited (no budget entry).
    public func coupons(ofRegion region: String) -> Int? {
        guard let index = regionNames.firstIndex(of: region) else { return nil }
        return regionCoupons[index]
    }
}
