import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// Providers' load and record (docs/console.md, A6): the capacity matching holds (open proposals
/// and open assignments) on every provider, and the outcomes over all years on one provider read.
@Suite("Providers: load and record")
struct ProviderLoadRouteTests {
    @Test("a provider's load counts open proposals and assignments; its record counts how proposals and assignments ended")
    func loadAndRecord() async throws {
        let clock = ManualClock.wholeSeconds(Date().addingTimeInterval(-10 * 86_400))
        try await RouteFixture.with(clock: clock) { f in
            try await f.serve { client in
                let officer = try await f.token(.officer)
                var body = Samples.provider(provinces: ["TH-50"])
                body["capacity"] = 4
                let provider = try #require(try await client.json(.post, "/v1/providers", token: officer, body).id)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50")).id)
                var requests: [(UUID, String)] = []
                for _ in 0..<5 {
                    let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                    requests.append((try #require(submitted.id), try submitted.decode(SubmittedAnswer.self).reference))
                }
                let at = { (hours: Double) in clock.now().addingTimeInterval(hours * 3600) }
                let score = MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "")])
                let coupon = CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000)
                func proposal(_ index: Int) -> MatchProposed {
                    MatchProposed(proposalId: UUID(), requestId: requests[index].0, requestReference: requests[index].1, enterpriseId: enterprise,
                                  providerId: provider, rank: 1, score: score, candidatesConsidered: 1, candidatesEligible: 1,
                                  respondBy: at(72))
                }
                func assigned(_ index: Int, proposal: UUID?) -> MatchAssigned {
                    MatchAssigned(assignmentId: UUID(), requestId: requests[index].0, requestReference: requests[index].1, enterpriseId: enterprise,
                                  providerId: provider, proposalId: proposal, manual: proposal == nil, fiscalYear: 2570, region: .north,
                                  coupon: coupon, assignedBy: Actor(role: .officer), assignedAt: at(2))
                }
                // 0: pending; 1: declined; 2: accepted and assigned, then completed and rated; 3: assigned by hand, open;
                // 4: assigned by hand, withdrawn by an officer.
                let pending = proposal(0), declined = proposal(1), taken = proposal(2)
                try await f.deliver(pending, declined, taken, time: at(1))
                try await f.deliver(MatchDeclined(proposalId: declined.proposalId, requestId: requests[1].0, requestReference: requests[1].1,
                                                  enterpriseId: enterprise, providerId: provider, reason: "เต็ม", declinedAt: at(2)),
                                    time: at(2))
                try await f.deliver(MatchAccepted(proposalId: taken.proposalId, requestId: requests[2].0, requestReference: requests[2].1,
                                                  enterpriseId: enterprise, providerId: provider, acceptedAt: at(2)), time: at(2))
                try await f.deliver(assigned(2, proposal: taken.proposalId), assigned(3, proposal: nil), assigned(4, proposal: nil), time: at(3))
                try await f.deliver(MatchCompleted(requestId: requests[2].0, requestReference: requests[2].1, enterpriseId: enterprise,
                                                   providerId: provider, fiscalYear: 2570, region: .north, spentCouponBaht: 100_000,
                                                   completedAt: at(4)), time: at(4))
                try await f.deliver(MatchWithdrawn(requestId: requests[4].0, requestReference: requests[4].1, enterpriseId: enterprise,
                                                   stage: .assignment, proposalId: nil, providerId: provider, reason: "ไม่ส่งงาน",
                                                   withdrawnBy: Actor(role: .officer), releasedCouponBaht: 100_000, rematching: true,
                                                   withdrawnAt: at(4), requestStatus: .matching), time: at(4))
                try await f.deliver(MatchRated(requestId: requests[2].0, requestReference: requests[2].1, enterpriseId: enterprise,
                                               providerId: provider, rating: 4, comment: nil, monthlyIncomeBeforeBaht: nil,
                                               monthlyIncomeAfterBaht: nil, incomeChangePercent: nil, ratedAt: at(5)), time: at(5))
                clock.set(Date())
                let read = try await client.send(.get, "/v1/providers/\(provider.lowercased)", token: officer)
                #expect(read.status == .ok, "\(read.text)")
                let view = try read.decode(ProviderView.self)
                #expect(view.activeAssignments == 2, "the pending proposal and the open manual assignment")
                #expect(view.load == 0.5)
                #expect(view.record == ProviderView.Record(proposals: 3, accepted: 1, declined: 1, expired: 0, assignments: 3, completed: 1,
                                                           withdrawn: 1, completionRate: 0.5, rated: 1, meanRating: 4,
                                                           certificatesObtained: 0))
                let listed = try await client.send(.get, "/v1/providers", token: officer).decode(Page<ProviderView>.self)
                let row = try #require(listed.items.first { $0.id == provider })
                #expect(row.activeAssignments == 2 && row.load == 0.5 && row.record == nil, "the record is read with one provider only")
                var zero = Samples.provider(regions: ["north"])
                zero["capacity"] = 0
                let none = try await client.json(.post, "/v1/providers", token: officer, zero)
                #expect(try none.decode(ProviderView.self).load == nil, "no load at capacity 0")
            }
        }
    }
}
