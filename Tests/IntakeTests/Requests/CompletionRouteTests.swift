import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// An officer confirms reported work on the enterprise's behalf (docs/console.md, A5): the same
/// command as the enterprise's, the officer as the actor, the reason required and on the timeline.
@Suite("Requests: an officer confirms the work for the enterprise")
struct CompletionRouteTests {
    @Test("an officer of the region confirms with a reason; without one it is a 422 naming reason; before the report a 409")
    func officerConfirms() async throws {
        let clock = ManualClock.wholeSeconds(Date().addingTimeInterval(-20 * 86_400))
        try await RouteFixture.with(clock: clock) { f in
            try await f.serve { client in
                let officer = try await f.token(.officer), north = try await f.token(.officer, region: .north)
                let south = try await f.token(.officer, region: .south)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50")).id)
                let provider = try #require(try await client.json(.post, "/v1/providers", token: officer,
                                                                  Samples.provider(provinces: ["TH-50"])).id)
                let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterprise))
                let request = try #require(submitted.id), reference = try submitted.decode(SubmittedAnswer.self).reference
                let path = "/v1/requests/\(request.lowercased)/completion"
                let early = try await client.send(.post, path, token: north, json: ["reason": "โทรยืนยันกับประธานกลุ่มแล้ว"])
                #expect(early.status == .conflict && early.problem?.currentState == "submitted")
                try await f.deliver(MatchAssigned(assignmentId: UUID(), requestId: request, requestReference: reference,
                                                  enterpriseId: enterprise, providerId: provider, proposalId: nil, manual: true,
                                                  fiscalYear: 2570, region: .north,
                                                  coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 0, programmeShareBaht: 100_000),
                                                  assignedBy: Actor(role: .officer), assignedAt: clock.now()),
                                    time: clock.now().addingTimeInterval(60))
                try await f.deliver(MatchWorkReported(requestId: request, requestReference: reference, enterpriseId: enterprise,
                                                      providerId: provider, summary: "ออกแบบบรรจุภัณฑ์แล้ว", standardApplied: nil,
                                                      reportedAt: clock.now()), time: clock.now().addingTimeInterval(120))
                clock.set(Date())
                #expect(try await client.send(.post, path, token: south, json: ["reason": "x"]).status == .notFound)
                let noBody = try await client.send(.post, path, token: north)
                #expect(noBody.status == .unprocessableContent && noBody.pointers == ["/reason"], "\(noBody.text)")
                let tooLong = try await client.send(.post, path, token: north, json: ["reason": String(repeating: "ก", count: 501)])
                #expect(tooLong.status == .unprocessableContent && tooLong.pointers == ["/reason"])
                let confirmed = try await client.send(.post, path, token: north, json: ["reason": "โทรยืนยันกับประธานกลุ่มแล้ว"])
                #expect(confirmed.status == .accepted, "\(confirmed.text)")
                let command = try #require(try await f.published(CompletionConfirmed.self).first)
                #expect(command.data.confirmedBy.role == .officer && command.data.enterpriseId == enterprise)
                let view = try await client.send(.get, "/v1/requests/\(request.lowercased)", token: officer).decode(RequestView.self)
                let entry = try #require(view.timeline?.last { $0.type == CompletionConfirmed.eventType })
                #expect(entry.summary["reason"] == "โทรยืนยันกับประธานกลุ่มแล้ว" && entry.summary["by"] == "officer")
                // The enterprise still confirms without a body.
                let enterpriseToken = try await f.token(.enterprise, enterprise: enterprise)
                #expect(try await client.send(.post, path, token: enterpriseToken).status == .accepted)
            }
        }
    }
}
