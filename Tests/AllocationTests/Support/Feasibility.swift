import Allocation
import Testing

/// Checks a result against the problem's limits, independently of the solver: each request
/// at most once, each provider within `maxLoad`, each region within its coupons, only existing
/// edges with their own scores, the objective equal to the sum, and every other request
/// listed once as unassigned with a reason that matches its definition.
enum Feasibility {
    static func check(_ result: AllocationResult, against problem: AllocationProblem,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        var edgeScore: [Int: [Int: Int]] = [:]
        for k in 0..<problem.edges.count {
            let edge = problem.edges[k]
            edgeScore[edge.request, default: [:]][edge.provider] = edge.score
        }
        var assignedRequest = Set<Int>()
        var load = [Int](repeating: 0, count: problem.providers.count)
        var used: [String: Int] = [:]
        var total = 0
        for assignment in result.assignments {
            #expect(assignedRequest.insert(assignment.requestIndex).inserted, "request assigned twice", sourceLocation: sourceLocation)
            let score = edgeScore[assignment.requestIndex]?[assignment.providerIndex]
            #expect(score == assignment.score, "assignment on a missing edge or with a wrong score", sourceLocation: sourceLocation)
            #expect(assignment.score > 0, "worthless edge assigned", sourceLocation: sourceLocation)
            #expect(problem.requests[assignment.requestIndex].id == assignment.request, sourceLocation: sourceLocation)
            #expect(problem.providers[assignment.providerIndex].id == assignment.provider, sourceLocation: sourceLocation)
            load[assignment.providerIndex] += 1
            used[problem.requests[assignment.requestIndex].region, default: 0] += 1
            total += assignment.score
        }
        #expect(total == result.objective, sourceLocation: sourceLocation)
        for (p, provider) in problem.providers.enumerated() {
            #expect(load[p] <= provider.maxLoad, "provider \(provider.id) over capacity", sourceLocation: sourceLocation)
            #expect(load[p] == result.providerLoad[p], sourceLocation: sourceLocation)
        }
        for (g, region) in problem.regions.enumerated() {
            #expect(used[region, default: 0] == result.regionUsage[g], sourceLocation: sourceLocation)
            if let coupons = problem.coupons(ofRegion: region) {
                #expect(used[region, default: 0] <= coupons, "region \(region) over budget", sourceLocation: sourceLocation)
            }
        }
        // Unassigned: exactly the others, each once, with a consistent reason.
        #expect(result.unassigned.map(\.requestIndex) == (0..<problem.requests.count).filter { !assignedRequest.contains($0) },
                sourceLocation: sourceLocation)
        for entry in result.unassigned {
            let r = entry.requestIndex
            let candidates = (edgeScore[r] ?? [:]).filter { $0.value > 0 }.map(\.key)
            let region = problem.requests[r].region
            let coupons = problem.coupons(ofRegion: region)
            let regionFull = coupons.map { used[region, default: 0] >= $0 } ?? false
            let anyFree = candidates.contains { load[$0] < problem.providers[$0].maxLoad }
            let anySlot = candidates.contains { problem.providers[$0].maxLoad > 0 }
            let expected: UnassignedReason
            if candidates.isEmpty { expected = .noCandidate }
            else if coupons == 0 { expected = .regionBudgetExhausted }
            else if !anySlot { expected = .allCandidatesFull }
            else if regionFull && anyFree { expected = .regionBudgetExhausted }
            else if !regionFull && !anyFree { expected = .allCandidatesFull }
            else {
                #expect(regionFull && !anyFree, "request \(entry.request) could have been added for a positive score",
                        sourceLocation: sourceLocation)
                expected = .lowerTotalScore
            }
            #expect(entry.reason == expected, "request \(entry.request): \(entry.reason) but expected \(expected)",
                    sourceLocation: sourceLocation)
        }
    }
}
