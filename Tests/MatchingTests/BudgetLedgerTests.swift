import Contracts
import Domain
import Foundation
@testable import MatchingService
import Postgres
import TestSupport
import Testing

@Suite("Matching: the coupon budget ledger")
struct BudgetLedgerTests {
    @Test("a request is proposed only when its region's budget left covers the coupon; raising the budget matches it")
    func budgetIsAHardLimit() async throws {
        let f = try await MatchingFixture.make()
        try await f.register(f.provider(capacity: 10))
        try await f.setBudget(100_000)
        let first = try await f.submit(f.request())                                  // 54,000 held
        let second = try await f.submit(f.request())                                 // 46,000 left: parked
        #expect(try await f.status(of: first.requestId) == .proposed)
        #expect(try await f.status(of: second.requestId) == .unmatched)
        #expect(try await f.unmatchedReason(of: second.requestId) == "regionBudgetExhausted")
        #expect(try await f.events(MatchUnavailable.self).first?.data.reason == "regionBudgetExhausted")
        let budget = try #require(try await f.budget())
        #expect(budget.held == 54_000 && budget.available == 46_000)
        // Another region is not touched by the north's budget (and is unlimited while unset).
        let south = try await f.submit(f.request(province: "TH-90"))
        #expect(try await f.status(of: south.requestId) == .proposed)

        try await f.setBudget(200_000)
        #expect(try await f.status(of: second.requestId) == .proposed)
        let last = try #require(try await f.events(BudgetUpdated.self).last?.data)
        #expect(last.allocatedBaht == 200_000 && last.heldBaht == 108_000 && last.availableBaht == 92_000 && last.change == "held")
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("the budget cannot be set below what is held, committed and spent; coupons recorded before count")
    func setBelowMinimumRefused() async throws {
        let f = try await MatchingFixture.make()
        try await f.register(f.provider(capacity: 10))
        // Unset budget (unlimited by default): coupons are still recorded.
        try await f.submit(f.request())                                                 // 60,000 → 54,000 share
        try await f.submit(f.request(areas: [.machineryDesign, .packagingDesign]))      // 200,000 → 180,000 share
        #expect(try await f.budget() == nil)
        try await f.setBudget(100_000)
        let refused = try #require(try await f.events(BudgetSetRefused.self).first?.data)
        #expect(refused.minimumBaht == 234_000)
        #expect(refused.reason.contains("234000"))
        #expect(try await f.budget() == nil)
        try await f.setBudget(300_000)
        let budget = try #require(try await f.budget())
        #expect(budget.held == 234_000 && budget.available == 66_000)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("with MATCHING_UNSET_BUDGET=closed nothing is proposed in a region until its budget is set")
    func closedWhenUnset() async throws {
        let f = try await MatchingFixture.make { $0.unsetBudget = .closed }
        try await f.register(f.provider())
        let request = try await f.submit(f.request())
        #expect(try await f.unmatchedReason(of: request.requestId) == "regionBudgetExhausted")
        try await f.setBudget(60_000)
        #expect(try await f.status(of: request.requestId) == .proposed)
        try await f.checkInvariants()
        await f.tearDown()
    }
}
