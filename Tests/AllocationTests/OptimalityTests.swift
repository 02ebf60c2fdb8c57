import Allocation
import Testing

@Suite("Optimality against exhaustive search")
struct OptimalityTests {
    /// 600 seeded small problems with ties, zero budgets, zero capacities, worthless edges and
    /// requests without candidates: the solver's objective equals the exhaustive optimum and
    /// every result is feasible with consistent reasons.
    @Test(arguments: 0..<6)
    func matchesExhaustiveSearch(batch: Int) {
        for seed in UInt64(batch * 100)..<UInt64(batch * 100 + 100) {
            let problem = RandomInstances.small(seed: seed)
            let result = AllocationSolver().solve(problem)
            #expect(result.objective == BruteForce.optimum(problem), "seed \(seed)")
            Feasibility.check(result, against: problem)
            let lottery = AllocationSolver(tieBreak: .lottery(seed: seed)).solve(problem)
            #expect(lottery.objective == result.objective, "seed \(seed), lottery")
            Feasibility.check(lottery, against: problem)
        }
    }

    /// The reasons' promises hold: one more coupon for the region of a `.regionBudgetExhausted`
    /// request, or one more slot at any candidate of an `.allCandidatesFull` request, raises
    /// the optimum (when the resource was merely used up, not zero from the start).
    @Test
    func reasonsNameTheBindingResource() {
        var checkedRegion = 0, checkedSlots = 0, lowerTotal = 0
        for seed in UInt64(1000)..<UInt64(1300) {
            let problem = RandomInstances.small(seed: seed)
            let result = AllocationSolver().solve(problem)
            for entry in result.unassigned {
                let request = problem.requests[entry.requestIndex]
                let candidates = (0..<problem.edges.count).map { problem.edges[$0] }
                    .filter { $0.request == entry.requestIndex && $0.score > 0 }.map(\.provider)
                switch entry.reason {
                case .regionBudgetExhausted where candidates.contains(where: { result.providerLoad[$0] < problem.providers[$0].maxLoad }):
                    let better = BruteForce.optimum(problem, couponBonus: (request.region, 1))
                    #expect(better > result.objective, "seed \(seed), \(request.id)")
                    checkedRegion += 1
                case .allCandidatesFull where candidates.contains(where: { problem.providers[$0].maxLoad > 0 }):
                    for p in candidates {
                        #expect(BruteForce.optimum(problem, slotBonus: (p, 1)) > result.objective, "seed \(seed), \(request.id), +1 slot at p\(p)")
                    }
                    checkedSlots += 1
                case .lowerTotalScore:
                    lowerTotal += 1
                default: break
                }
            }
        }
        // The sample really exercises every dynamic reason.
        #expect(checkedRegion > 10)
        #expect(checkedSlots > 10)
        #expect(lowerTotal > 10)
    }

    @Test
    func emptyAndTrivialProblems() throws {
        let empty = try AllocationProblem(requests: [], providers: [], budgets: [], edges: [])
        let result = AllocationSolver().solve(empty)
        #expect(result.objective == 0)
        #expect(result.assignments.isEmpty && result.unassigned.isEmpty)

        let one = try AllocationProblem(requests: [.init(id: "r1", region: "north")],
                                        providers: [.init(id: "p1", maxLoad: 1)], budgets: [],
                                        edges: [.init(request: "r1", provider: "p1", score: 8734)])
        let solved = AllocationSolver().solve(one)
        #expect(solved.objective == 8734)
        #expect(solved.assignments.map(\.provider) == ["p1"])
    }

    @Test
    func reasonsOnAHandMadeRound() throws {
        // p1 takes one request; the north has one coupon; the south none.
        let problem = try AllocationProblem(
            requests: [.init(id: "a", region: "north"), .init(id: "b", region: "north"), .init(id: "c", region: "central"),
                       .init(id: "d", region: "central"), .init(id: "e", region: "south"), .init(id: "f", region: "central")],
            providers: [.init(id: "p1", maxLoad: 1), .init(id: "p2", maxLoad: 5), .init(id: "p0", maxLoad: 0)],
            budgets: [.init(region: "north", coupons: 1), .init(region: "south", coupons: 0)],
            edges: [.init(request: "a", provider: "p2", score: 10), .init(request: "b", provider: "p2", score: 9),
                    .init(request: "c", provider: "p1", score: 7), .init(request: "d", provider: "p1", score: 5),
                    .init(request: "e", provider: "p2", score: 3), .init(request: "f", provider: "p0", score: 4),
                    .init(request: "f", provider: "p2", score: -1)])
        let result = AllocationSolver().solve(problem)
        #expect(result.objective == 17)
        #expect(Dictionary(uniqueKeysWithValues: result.assignments.map { ($0.request, $0.provider) }) == ["a": "p2", "c": "p1"])
        #expect(Dictionary(uniqueKeysWithValues: result.unassigned.map { ($0.request, $0.reason) })
                == ["b": .regionBudgetExhausted, "d": .allCandidatesFull, "e": .regionBudgetExhausted, "f": .allCandidatesFull])
        Feasibility.check(result, against: problem)
    }
}
