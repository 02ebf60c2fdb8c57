/// Solves allocation rounds exactly: maximum total score under request, provider and region
/// limits, by minimum-cost circulation on the network
/// source → region (coupons) → request (1) → provider (1 per edge, cost −score) → sink (maxLoad) → source.
///
/// `solve` is a pure function of the problem and the tie-break: no I/O, no randomness beyond
/// the seeded lottery, no dependence on hashing or timing.
public struct AllocationSolver: Sendable {
    /// How ties between equally good assignments are broken.
    public var tieBreak: TieBreak
    /// Cost-scaling factor α (ε is divided by α between refine phases).
    var alpha: Int64 = 5
    /// Global price update after `updateFactor × nodes` relabels.
    var updateFactor = 16.0

    public init(tieBreak: TieBreak = .inputOrder) {
        self.tieBreak = tieBreak
    }

    /// Returns an optimal assignment for `problem`, with the reason for every unassigned request.
    public func solve(_ problem: AllocationProblem) -> AllocationResult {
        let requestCount = problem.requests.count
        let providerCount = problem.providers.count
        let regionCount = problem.regionNames.count
        let edges = problem.edges
        let requestRegion = problem.requestRegion
        let regionCoupons = problem.regionCoupons
        let maxLoad = problem.providers.map(\.maxLoad)

        // Usable edges (positive score, provider with room, region with coupons), grouped by request.
        var usableStart = [Int32](repeating: 0, count: requestCount + 1)
        var positiveCandidates = [Int32](repeating: 0, count: requestCount)
        edges.requestIndex.withUnsafeBufferPointer { requestOf in
            edges.providerIndex.withUnsafeBufferPointer { providerOf in
                edges.score.withUnsafeBufferPointer { scoreOf in
                    for k in 0..<edges.count where scoreOf[k] > 0 {
                        let r = Int(requestOf[k])
                        positiveCandidates[r] += 1
                        if maxLoad[Int(providerOf[k])] > 0 && regionCoupons[Int(requestRegion[r])] != 0 {
                            usableStart[r + 1] += 1
                        }
                    }
                }
            }
        }
        for r in 0..<requestCount { usableStart[r + 1] += usableStart[r] }
        let usableCount = Int(usableStart[requestCount])
        var usableEdges = [Int32](repeating: 0, count: usableCount)
        do {
            var fill = usableStart
            for k in 0..<edges.count where edges.score[k] > 0 {
                let r = Int(edges.requestIndex[k])
                if maxLoad[Int(edges.providerIndex[k])] > 0 && regionCoupons[Int(requestRegion[r])] != 0 {
                    usableEdges[Int(fill[r])] = Int32(k)
                    fill[r] += 1
                }
            }
        }

        // Processing order of requests.
        let order: [Int32]
        switch tieBreak {
        case .inputOrder: order = (0..<Int32(requestCount)).map { $0 }
        case .lottery(let seed):
            var generator = SplitMix64(seed: seed)
            order = generator.permutation(of: requestCount)
        }

        // Nodes: 0 source, 1 sink, regions, active requests (processing order), active providers.
        let source = 0, sink = 1, regionBase = 2
        var requestNode = [Int32](repeating: -1, count: requestCount)
        var activeRequests: [Int32] = []
        var regionDemand = [Int](repeating: 0, count: regionCount)
        for r32 in order {
            let r = Int(r32)
            if usableStart[r + 1] > usableStart[r] {
                requestNode[r] = Int32(regionBase + regionCount + activeRequests.count)
                activeRequests.append(r32)
                regionDemand[Int(requestRegion[r])] += 1
            }
        }
        var providerDegree = [Int32](repeating: 0, count: providerCount)
        for k in usableEdges { providerDegree[Int(edges.providerIndex[Int(k)])] += 1 }
        var providerNode = [Int32](repeating: -1, count: providerCount)
        var nodeCount = regionBase + regionCount + activeRequests.count
        for p in 0..<providerCount where providerDegree[p] > 0 {
            providerNode[p] = Int32(nodeCount)
            nodeCount += 1
        }

        var slotCount = [Int32](repeating: 0, count: nodeCount)
        slotCount[source] += 1; slotCount[sink] += 1
        for region in 0..<regionCount where regionDemand[region] > 0 {
            slotCount[source] += 1; slotCount[regionBase + region] += 1
        }
        for r32 in activeRequests {
            let r = Int(r32)
            slotCount[regionBase + Int(requestRegion[r])] += 1
            slotCount[Int(requestNode[r])] += 1 + (usableStart[r + 1] - usableStart[r])
        }
        for p in 0..<providerCount where providerDegree[p] > 0 {
            slotCount[Int(providerNode[p])] += 1 + providerDegree[p]
            slotCount[sink] += 1
        }

        let network = FlowNetwork(slotCount: slotCount)
        defer { network.deallocate() }
        let scale = Int64(nodeCount + 1)
        var maximumCost: Int64 = 0
        network.addArc(from: sink, to: source, capacity: Int32(activeRequests.count), unitCost: 0)
        for region in 0..<regionCount where regionDemand[region] > 0 {
            let capacity = Swift.min(regionCoupons[region] ?? Int.max, regionDemand[region])
            network.addArc(from: source, to: regionBase + region, capacity: Int32(capacity), unitCost: 0)
        }
        for r32 in activeRequests {
            let r = Int(r32)
            network.addArc(from: regionBase + Int(requestRegion[r]), to: Int(requestNode[r]), capacity: 1, unitCost: 0)
        }
        for p in 0..<providerCount where providerDegree[p] > 0 {
            let capacity = Swift.min(maxLoad[p], Int(providerDegree[p]))
            network.addArc(from: Int(providerNode[p]), to: sink, capacity: Int32(capacity), unitCost: 0)
        }
        for r32 in activeRequests {
            let r = Int(r32)
            let tail = Int(requestNode[r])
            for slot in Int(usableStart[r])..<Int(usableStart[r + 1]) {
                let k = Int(usableEdges[slot])
                let cost = Int64(edges.score[k]) * scale
                maximumCost = Swift.max(maximumCost, cost)
                network.addArc(from: tail, to: Int(providerNode[Int(edges.providerIndex[k])]), capacity: 1, unitCost: -cost)
            }
        }

        var engine = CostScaling(network: network, alpha: alpha)
        engine.updateFactor = updateFactor

        defer { engine.deallocate() }
        engine.run(maximumCost: maximumCost)

        // Read the assignment off the request nodes: slot 0 is the reverse of the region arc,
        // slots 1... are the usable edges in order; a saturated one carries the request.
        var assignedProvider = [Int32](repeating: -1, count: requestCount)
        var assignedEdge = [Int32](repeating: -1, count: requestCount)
        for r32 in activeRequests {
            let r = Int(r32)
            let base = Int(network.first[Int(requestNode[r])]) + 1
            for (offset, slot) in (Int(usableStart[r])..<Int(usableStart[r + 1])).enumerated()
            where network.residual[base + offset] == 0 {
                let k = Int(usableEdges[slot])
                assignedEdge[r] = Int32(k)
                assignedProvider[r] = edges.providerIndex[k]
                break
            }
        }

        var providerLoad = [Int](repeating: 0, count: providerCount)
        var regionUsage = [Int](repeating: 0, count: regionCount)
        var assignments: [Assignment] = []
        assignments.reserveCapacity(activeRequests.count)
        var objective = 0
        for r in 0..<requestCount where assignedEdge[r] >= 0 {
            let k = Int(assignedEdge[r])
            let p = Int(assignedProvider[r])
            providerLoad[p] += 1
            regionUsage[Int(requestRegion[r])] += 1
            objective += edges.score[k]
            assignments.append(Assignment(requestIndex: r, providerIndex: p, request: problem.requests[r].id,
                                          provider: problem.providers[p].id, score: edges.score[k]))
        }

        let unassigned = Self.reasons(problem: problem, assigned: assignedEdge, providerLoad: providerLoad,
                                      regionUsage: regionUsage, positiveCandidates: positiveCandidates)
        let statistics = SolverStatistics(nodes: nodeCount, arcSlots: network.arcCount, phases: engine.phases,
                                          pushes: engine.pushes, relabels: engine.relabels, globalUpdates: engine.globalUpdates)
        return AllocationResult(assignments: assignments, unassigned: unassigned, objective: objective, tieBreak: tieBreak,
                                providerLoad: providerLoad, regionUsage: regionUsage, statistics: statistics)
    }
}
