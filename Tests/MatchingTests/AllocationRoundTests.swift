import Allocation
import Contracts
import Domain
import Foundation
@testable import MatchingService
import Postgres
import TestSupport
import Testing

@Suite("Matching: allocation rounds")
struct AllocationRoundTests {
    /// Providers and requests in two regions, more requests than capacity and budget.
    private func oversubscribed(_ f: MatchingFixture) async throws -> [RequestSubmitted] {
        try await f.register(f.provider("เชียงใหม่", capacity: 4, provinces: ["TH-50"]))
        try await f.register(f.provider("เชียงราย", capacity: 3, provinces: ["TH-57"]))
        try await f.register(f.provider("ขอนแก่น", capacity: 5, provinces: ["TH-40"]))
        try await f.register(f.provider("ไม่ผ่านการคัดเลือก", capacity: 9, provinces: ["TH-50"], qualified: false))
        try await f.setBudget(54_000 * 5, region: .north)          // five coupons for the north
        var requests: [RequestSubmitted] = []
        for index in 0..<14 {
            let province = ["TH-50", "TH-57", "TH-51"][index % 3]
            requests.append(try await f.submit(f.request(province: province)))
        }
        for _ in 0..<4 { requests.append(try await f.submit(f.request(province: "TH-40"))) }
        requests.append(try await f.submit(f.request(province: "TH-40", areas: [.rawMaterialQuality])))   // nobody does that
        return requests
    }

    @Test("a round over the database: stored, equal to the solver on its export, proposals through the same flow, a waitlist with reasons")
    func roundEqualsSolverOnExport() async throws {
        let f = try await MatchingFixture.make { $0.placement = .rounds }
        let requests = try await oversubscribed(f)
        #expect(try await f.events(MatchProposed.self).isEmpty, "with rounds placement, requests wait for the round")
        let roundID = UUID()
        let requested = RoundRequested(roundId: roundID, fiscalYear: f.fiscalYear, region: nil, seed: 2570,
                                       requestedBy: f.officer, requestedAt: f.clock.now())
        try await f.deliver(requested)

        let stored = try #require(try await MatchingService.storedRound(roundID, on: f.pool))
        #expect(stored.seed == 2570 && stored.requests == requests.count)
        // The exported instance, solved again with the recorded seed, gives the stored objective and the
        // same assignment as the proposals written.
        let problem = try AllocationInstance.decode(stored.instance)
        let again = AllocationSolver(tieBreak: .lottery(seed: stored.seed)).solve(problem)
        #expect(again.objective == stored.objective)
        #expect(AllocationSolver().solve(problem).objective == stored.objective, "the objective does not depend on the tie-break")
        let proposals = try await f.pool.query("SELECT request_id, provider_id, score FROM matching.proposals WHERE round_id = \(roundID)")
        let written = Set(try proposals.map { "\(try $0.decode(UUID.self, column: "request_id").lowercased)→\(try $0.decode(UUID.self, column: "provider_id").lowercased)" })
        #expect(written == Set(again.assignments.map { "\($0.request)→\($0.provider)" }))
        #expect(try proposals.map { try $0.decode(Int.self, column: "score") }.reduce(0, +) == stored.objective)

        // Capacity 4 + 3 in the north but five coupons; 5 in the northeast for 4 + 1 requests.
        #expect(stored.proposed == 5 + 4)
        #expect(stored.waitlisted == requests.count - 9)
        let budget = try #require(try await f.budget(.north))
        #expect(budget.held == 5 * 54_000 && budget.available == 0)
        let waitlisted = try await f.events(MatchWaitlisted.self)
        #expect(waitlisted.count == stored.waitlisted)
        let reasons = Dictionary(grouping: waitlisted.map(\.data.reason), by: { $0 }).mapValues(\.count)
        #expect(reasons == ["regionBudgetExhausted": 9, "noCandidate": 1])
        for event in waitlisted { #expect(try await f.status(of: event.data.requestId) == .waitlisted) }
        let completed = try #require(try await f.events(RoundCompleted.self).first?.data)
        #expect(completed.objective == stored.objective && completed.seed == 2570 && completed.waitlistedByReason == reasons)
        let announced = try await f.events(MatchProposed.self)
        #expect(announced.count == 9 && announced.allSatisfy { $0.data.roundId == roundID })
        #expect(announced.allSatisfy { $0.data.score.total == $0.data.score.criteria.map(\.points).reduce(0, +) })
        try await f.checkInvariants()

        // The round's proposals go on like any other: accept, confirm.
        let first = try #require(announced.first?.data)
        let proposal = try await f.pendingProposal(of: first.requestId)
        try await f.accept(proposal)
        try await f.confirm(proposal, enterprise: first.enterpriseId)
        #expect(try await f.status(of: first.requestId) == .assigned)

        // The same round delivered again changes nothing.
        try await f.deliver(requested)
        #expect(try await f.events(RoundCompleted.self).count == 1)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("a region's round takes only that region's requests; the next round takes the waitlist again")
    func regionRoundsAndWaitlist() async throws {
        let f = try await MatchingFixture.make { $0.placement = .rounds }
        let requests = try await oversubscribed(f)
        let north = UUID()
        try await f.deliver(RoundRequested(roundId: north, fiscalYear: f.fiscalYear, region: .north, seed: nil,
                                           requestedBy: f.officer, requestedAt: f.clock.now()))
        let stored = try #require(try await MatchingService.storedRound(north, on: f.pool))
        #expect(stored.requests == 14 && stored.region == "north")
        #expect(try await f.status(of: requests.last!.requestId) == .matching, "the northeast waits for its own round")
        // More budget, another round: the waitlisted northern requests are in it again.
        try await f.setBudget(54_000 * 7, region: .north)
        let second = UUID()
        try await f.deliver(RoundRequested(roundId: second, fiscalYear: f.fiscalYear, region: .north, seed: 7,
                                           requestedBy: f.officer, requestedAt: f.clock.now()))
        let next = try #require(try await MatchingService.storedRound(second, on: f.pool))
        #expect(next.requests == 14 - 5)
        #expect(next.proposed == 2)
        try await f.checkInvariants()
        await f.tearDown()
    }
}
