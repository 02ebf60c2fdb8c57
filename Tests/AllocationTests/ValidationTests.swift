import Allocation
import Testing

@Suite("Problem validation")
struct ValidationTests {
    let requests: [AllocationRequest] = [.init(id: "r1", region: "north"), .init(id: "r2", region: "south")]
    let providers: [AllocationProvider] = [.init(id: "p1", maxLoad: 2), .init(id: "p2", maxLoad: 1)]

    private func error(_ build: () throws(AllocationProblemError) -> AllocationProblem) -> AllocationProblemError? {
        do {
            _ = try build()
            return nil
        } catch {
            return error
        }
    }

    @Test
    func duplicateRequestIdIsRejectedNamingBoth() throws {
        let error = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests + [.init(id: "r1", region: "east")], providers: providers, budgets: [], edges: [])
        })
        #expect(error.code == .duplicateRequest)
        #expect(error.item == "requests[2]")
        #expect(error.description == "requests[2]: request id 'r1' is already used by requests[0]")
    }

    @Test
    func duplicateProviderIdIsRejected() throws {
        let error = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers + [.init(id: "p2", maxLoad: 3)], budgets: [], edges: [])
        })
        #expect(error.code == .duplicateProvider)
        #expect(error.message.contains("'p2'") && error.message.contains("providers[1]"))
    }

    @Test
    func duplicateIdsAreRejectedByTheIndexedInitialiserToo() throws {
        let error = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests + [.init(id: "r2", region: "east")], providers: providers, budgets: [],
                                  candidates: CandidateEdges())
        })
        #expect(error.code == .duplicateRequest)
        #expect(error.item == "requests[2]")
    }

    @Test
    func unknownIdsInEdgesAreNamed() throws {
        let unknownProvider = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers, budgets: [],
                                  edges: [.init(request: "r1", provider: "p1", score: 1), .init(request: "r2", provider: "p9", score: 4)])
        })
        #expect(unknownProvider.code == .unknownProvider)
        #expect(unknownProvider.description == "edges[1]: edge names provider 'p9', which is not among the providers")
        let unknownRequest = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers, budgets: [],
                                  edges: [.init(request: "r7", provider: "p1", score: 1)])
        })
        #expect(unknownRequest.code == .unknownRequest)
        #expect(unknownRequest.message.contains("'r7'"))
    }

    @Test
    func negativeCapacityAndBudgetAreRejected() throws {
        let capacity = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: [.init(id: "p1", maxLoad: -1)], budgets: [], edges: [])
        })
        #expect(capacity.code == .negativeCapacity)
        #expect(capacity.description == "providers[0]: provider 'p1' has negative maxLoad -1")
        let budget = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers, budgets: [.init(region: "north", coupons: -3)], edges: [])
        })
        #expect(budget.code == .negativeBudget)
        #expect(budget.item == "budgets[0]")
    }

    @Test
    func duplicateEdgesAndBudgetsAreRejected() throws {
        let edge = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers, budgets: [],
                                  edges: [.init(request: "r1", provider: "p1", score: 1), .init(request: "r2", provider: "p1", score: 1),
                                          .init(request: "r1", provider: "p1", score: 5)])
        })
        #expect(edge.code == .duplicateEdge)
        #expect(edge.description == "edges[2]: request 'r1' → provider 'p1' appears twice (edges[0] and edges[2])")
        let budget = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers,
                                  budgets: [.init(region: "north", coupons: 1), .init(region: "north", coupons: 2)], edges: [])
        })
        #expect(budget.code == .duplicateBudget)
    }

    @Test
    func scoresTooLargeForExactArithmeticAreRejected() throws {
        let error = try #require(error { () throws(AllocationProblemError) in
            try AllocationProblem(requests: requests, providers: providers, budgets: [],
                                  edges: [.init(request: "r1", provider: "p1", score: Int.max / 2)])
        })
        #expect(error.code == .scoreOutOfRange)
        // Very negative scores are fine: such edges are never worth assigning.
        let fine = try AllocationProblem(requests: requests, providers: providers, budgets: [],
                                         edges: [.init(request: "r1", provider: "p1", score: Int.min)])
        #expect(AllocationSolver().solve(fine).unassigned.map(\.reason) == [.noCandidate, .noCandidate])
    }

    @Test
    func budgetOnlyRegionsAndUnlimitedRegions() throws {
        let problem = try AllocationProblem(requests: requests, providers: providers,
                                            budgets: [.init(region: "west", coupons: 4), .init(region: "north", coupons: 0)], edges: [])
        #expect(problem.regions == ["north", "south", "west"])
        #expect(problem.coupons(ofRegion: "north") == 0)
        #expect(problem.coupons(ofRegion: "south") == nil)
        #expect(problem.coupons(ofRegion: "west") == 4)
    }
}
