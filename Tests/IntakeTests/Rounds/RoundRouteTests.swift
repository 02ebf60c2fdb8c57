import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// Allocation rounds for the portal (docs/console.md, A10): the list, who started a round, the
/// waitlist's reasons named, and each request the round decided.
@Suite("Rounds: the list and each request's outcome")
struct RoundRouteTests {
    @Test("a round lists with who started it and its reasons named; its requests say proposed to whom or waitlisted why")
    func roundOutcomes() async throws {
        let clock = ManualClock.wholeSeconds(Date().addingTimeInterval(-86_400))
        try await RouteFixture.with(clock: clock) { f in
            try await f.serve { client in
                let officer = try await f.token(.officer)
                let north = try await f.call.json(.post, "/v1/api-clients", token: try await f.token(.operator),
                                                  ["name": "สำนักงานภาคเหนือ", "role": "officer", "region": "north"])
                let northToken = try north.decode(IssuedClient.self).token
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม")).id)
                let provider = try #require(try await client.json(.post, "/v1/providers", token: officer,
                                                                  Samples.provider(provinces: ["TH-50"])).id)
                var requests: [(UUID, String)] = []
                for _ in 0..<3 {
                    let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                    requests.append((try #require(submitted.id), try submitted.decode(SubmittedAnswer.self).reference))
                }
                let started = try await client.json(.post, "/v1/rounds", token: northToken, ["fiscalYear": 2570, "region": "north"])
                #expect(started.status == .accepted, "\(started.text)")
                let round = try #require(started.id)
                clock.set(clock.now().addingTimeInterval(1))
                _ = try await client.json(.post, "/v1/rounds", token: officer, ["fiscalYear": 2570, "region": "south"])
                let later = clock.now().addingTimeInterval(60)
                try await f.deliver(MatchProposed(proposalId: UUID(), requestId: requests[0].0, requestReference: requests[0].1,
                                                  enterpriseId: enterprise, providerId: provider, rank: 1,
                                                  score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2300, note: "")]),
                                                  candidatesConsidered: 1, candidatesEligible: 1, respondBy: later.addingTimeInterval(86_400),
                                                  roundId: round), time: later)
                for (index, reason) in [(1, "lowerTotalScore"), (2, "regionBudgetExhausted")] {
                    try await f.deliver(MatchWaitlisted(requestId: requests[index].0, requestReference: requests[index].1,
                                                        enterpriseId: enterprise, roundId: round, reason: reason, waitlistedAt: later),
                                        time: later.addingTimeInterval(Double(index)))
                }
                try await f.deliver(RoundCompleted(roundId: round, fiscalYear: 2570, region: .north, requests: 3, proposed: 1, waitlisted: 2,
                                                   waitlistedByReason: ["lowerTotalScore": 1, "regionBudgetExhausted": 1], objective: 2300,
                                                   solverMilliseconds: 1.5, seed: 42, requestedBy: Actor(role: .officer), completedAt: later),
                                    time: later.addingTimeInterval(5))
                let view = try await client.send(.get, "/v1/rounds/\(round.lowercased)", token: northToken).decode(RoundView.self)
                #expect(view.requestedBy == "สำนักงานภาคเหนือ" && view.status == "completed")
                #expect(view.waitlistedReasons?.map(\.reason) == ["lowerTotalScore", "regionBudgetExhausted"])
                #expect(view.waitlistedReasons?.last?.reasonTH == "งบประมาณคูปองของภาคหมดแล้ว")
                let all = try await client.send(.get, "/v1/rounds?fiscalYear=2570", token: officer).decode(Page<RoundView>.self)
                #expect(all.items.count == 2 && all.items.last?.id == round, "newest first")
                let scoped = try await client.send(.get, "/v1/rounds", token: northToken).decode(Page<RoundView>.self)
                #expect(scoped.items.map(\.id) == [round])
                #expect(try await client.send(.get, "/v1/rounds?region=south", token: northToken).decode(Page<RoundView>.self).items.isEmpty)
                #expect(try await client.send(.get, "/v1/rounds?fiscalYear=2569", token: officer).decode(Page<RoundView>.self).items.isEmpty)

                let decided = try await client.send(.get, "/v1/rounds/\(round.lowercased)/requests", token: northToken)
                #expect(decided.status == .ok, "\(decided.text)")
                let items = try decided.decode(Page<RoundRequestView>.self).items
                #expect(items.count == 3)
                let proposed = try #require(items.first { $0.outcome == .proposed })
                #expect(proposed.requestId == requests[0].0 && proposed.providerName == "คลินิกเทคโนโลยีทดสอบ" && proposed.score == 2300)
                #expect(proposed.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม" && proposed.provinceCode == "TH-50")
                let waitlisted = try await client.send(.get, "/v1/rounds/\(round.lowercased)/requests?outcome=waitlisted&limit=1", token: officer)
                    .decode(Page<RoundRequestView>.self)
                #expect(waitlisted.items.map(\.reason) == ["regionBudgetExhausted"] && waitlisted.items[0].reasonEN != nil)
                let next = try await client.send(.get, try #require(waitlisted.next), token: officer).decode(Page<RoundRequestView>.self)
                #expect(next.items.map(\.reason) == ["lowerTotalScore"])
                // The round's requests filter the requests list too (A3).
                let listed = try await client.send(.get, "/v1/requests?roundId=\(round.lowercased)", token: officer)
                #expect(try listed.decode(Page<RequestView>.self).items.count == 3)
                let south = try #require(all.items.first { $0.region == .south })
                #expect(try await client.send(.get, "/v1/rounds/\(south.id.lowercased)/requests", token: northToken).status == .notFound)
                #expect(try await client.send(.get, "/v1/rounds/\(round.lowercased)/requests?outcome=lost", token: officer).fields == ["outcome"])
            }
        }
    }
}
