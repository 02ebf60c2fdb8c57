import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// `GET /v1/proposals` for the officers' queues (docs/console.md, A4): names and the request's
/// status on every proposal, and the provider, statuses and overdue filters.
@Suite("Proposals: names, request status and the overdue queue")
struct ProposalFilterRouteTests {
    @Test("overdue: pending past the window, or expired while the request still waits; it leaves once the request moves on")
    func overdue() async throws {
        let clock = ManualClock.wholeSeconds(Date().addingTimeInterval(-2 * 86_400))
        try await RouteFixture.with(clock: clock) { f in
            try await f.serve { client in
                let officer = try await f.token(.officer)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม")).id)
                var providers: [UUID] = []
                for name in ["คลินิกเทคโนโลยี ก", "คลินิกเทคโนโลยี ข"] {
                    var body = Samples.provider(provinces: ["TH-50"])
                    body["name"] = name
                    providers.append(try #require(try await client.json(.post, "/v1/providers", token: officer, body).id))
                }
                var requests: [(UUID, String)] = []
                for _ in 0..<4 {
                    let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                    requests.append((try #require(submitted.id), try submitted.decode(SubmittedAnswer.self).reference))
                }
                let now = Date()
                clock.set(now)
                let score = MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2500, note: "")])
                func proposal(_ index: Int, provider: Int, respondBy: Date) -> MatchProposed {
                    MatchProposed(proposalId: UUID(), requestId: requests[index].0, requestReference: requests[index].1,
                                  enterpriseId: enterprise, providerId: providers[provider], rank: 1, score: score,
                                  candidatesConsidered: 2, candidatesEligible: 2, respondBy: respondBy)
                }
                let late = proposal(0, provider: 0, respondBy: now.addingTimeInterval(-3600))      // pending, past its window
                let onTime = proposal(1, provider: 0, respondBy: now.addingTimeInterval(3600))     // pending, in time
                let expiredWaiting = proposal(2, provider: 1, respondBy: now.addingTimeInterval(-7200))
                let expiredTaken = proposal(3, provider: 1, respondBy: now.addingTimeInterval(-7200))
                try await f.deliver(late, onTime, expiredWaiting, expiredTaken, time: now.addingTimeInterval(-86_400))
                for expired in [expiredWaiting, expiredTaken] {
                    try await f.deliver(MatchExpired(proposalId: expired.proposalId, requestId: expired.requestId,
                                                     requestReference: expired.requestReference, enterpriseId: enterprise,
                                                     providerId: expired.providerId, respondBy: expired.respondBy,
                                                     expiredAt: now.addingTimeInterval(-3000)),
                                        time: now.addingTimeInterval(-3000))
                }
                try await f.deliver(MatchUnavailable(requestId: expiredWaiting.requestId, requestReference: expiredWaiting.requestReference,
                                                     enterpriseId: enterprise, reason: "allCandidatesFull", exclusions: [:],
                                                     candidatesConsidered: 2), time: now.addingTimeInterval(-2900))
                let manual = MatchAssigned(assignmentId: UUID(), requestId: expiredTaken.requestId, requestReference: expiredTaken.requestReference,
                                           enterpriseId: enterprise, providerId: providers[0], proposalId: nil, manual: true, fiscalYear: 2570,
                                           region: .north, coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                                           assignedBy: Actor(role: .officer), assignedAt: now.addingTimeInterval(-2800))
                try await f.deliver(manual, time: now.addingTimeInterval(-2800))

                func ids(_ query: String) async throws -> Set<UUID> {
                    let answer = try await client.send(.get, "/v1/proposals?\(query)", token: officer)
                    #expect(answer.status == .ok, "\(query): \(answer.text)")
                    return Set(try answer.decode(Page<ProposalView>.self).items.map(\.id))
                }
                #expect(try await ids("overdue=true") == [late.proposalId, expiredWaiting.proposalId])
                #expect(try await ids("overdue=false") == [onTime.proposalId, expiredTaken.proposalId])
                #expect(try await ids("providerId=\(providers[1].lowercased)") == [expiredWaiting.proposalId, expiredTaken.proposalId])
                #expect(try await ids("status=pending,expired&providerId=\(providers[0].lowercased)") == [late.proposalId, onTime.proposalId])
                #expect(try await ids("status=expired&overdue=true") == [expiredWaiting.proposalId])
                let view = try await client.send(.get, "/v1/proposals/\(expiredWaiting.proposalId.lowercased)", token: officer)
                    .decode(ProposalView.self)
                #expect(view.providerName == "คลินิกเทคโนโลยี ข" && view.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม")
                #expect(view.requestStatus == "unmatched")
                for bad in ["overdue=yes", "status=pending,lost", "providerId=x"] {
                    let answer = try await client.send(.get, "/v1/proposals?\(bad)", token: officer)
                    #expect(answer.status == .unprocessableContent, "\(bad)")
                }
            }
        }
    }
}
