import Contracts
import Domain
import Foundation
@testable import MatchingService
import Messaging
import TestSupport
import Testing

@Suite("Matching: concurrent batches take providers and budgets one at a time (capacity lock)")
struct CapacityLockTests {
    /// Two replicas' batches at once in the real PostgreSQL: one places new requests (budget row,
    /// then a provider's load), the other withdraws proposed requests (a provider's load given back,
    /// then the coupon released on the budget row). Without the capacity lock they take those rows in crossing
    /// orders and one of them fails with 40P01 (deadlock detected).
    @Test("a placing batch and a withdrawing batch run concurrently and both commit, five rounds")
    func concurrentBatchesCommit() async throws {
        let f = try await MatchingFixture.make()
        for name in ["คลินิกเทคโนโลยี ก", "คลินิกเทคโนโลยี ข"] {
            try await f.register(f.provider(name, capacity: 500))
        }
        try await f.setBudget(1_000_000_000)
        let source = ServiceName.intake.eventSource
        for _ in 0..<5 {
            let earlier = (0..<10).map { _ in f.request() }
            _ = try await f.harness.deliver(earlier, to: f.processor, source: source, time: f.clock.now())
            let withdrawals = earlier.map {
                RequestWithdrawn(requestId: $0.requestId, enterpriseId: $0.enterpriseId, reason: "ได้ผู้ช่วยแล้ว",
                                 withdrawnBy: f.enterprise(of: $0), withdrawnAt: f.clock.now())
            }
            let placing = (0..<10).map { _ in f.request() }
            async let placed = f.harness.deliver(placing, to: f.processor, source: source, time: f.clock.now())
            async let withdrawn = f.harness.deliver(withdrawals, to: f.processor, source: source, time: f.clock.now())
            let outcomes = try await (placed.outcome, withdrawn.outcome)
            #expect(outcomes.0.processed == 10 && outcomes.1.processed == 10)
            for request in placing {
                #expect(try await f.status(of: request.requestId) == .proposed)
            }
        }
        try await f.checkInvariants()
        await f.tearDown()
    }
}
