import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// What the officers' work queues read from `GET /v1/requests` (docs/console.md, A3): the fields a
/// row shows (enterprise name, how long in the status, latest activity, the provider holding the
/// work, why it waits) following matching's events, and the filters each queue is.
@Suite("Requests: the queues' fields and filters")
struct RequestQueueRouteTests {
    /// The fixture's clock and the request's history start 40 days ago.
    static let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 40 * 86_400).rounded(.down))

    struct World {
        var officer: String
        var enterpriseID: UUID
        var otherEnterpriseID: UUID
        var providerID: UUID
        var request: UUID
        var reference: String
    }

    private func world(_ f: RouteFixture, _ client: RouteClient) async throws -> World {
        let officer = try await f.token(.officer)
        let provider = try await client.send(.post, "/v1/providers", token: officer, json: Samples.provider(provinces: ["TH-50"]))
        try #require(provider.status == .created, "\(provider.text)")
        let enterprise = try await client.json(.post, "/v1/enterprises", token: officer,
                                               Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม"))
        let other = try await client.json(.post, "/v1/enterprises", token: officer, Samples.enterprise(province: "TH-50"))
        let enterpriseID = try #require(enterprise.id), otherID = try #require(other.id)
        let submitted = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: enterpriseID))
        try #require(submitted.status == .accepted, "\(submitted.text)")
        _ = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: otherID))
        return World(officer: officer, enterpriseID: enterpriseID, otherEnterpriseID: otherID, providerID: try #require(provider.id),
                     request: try #require(submitted.id), reference: try submitted.decode(SubmittedAnswer.self).reference)
    }

    private func day(_ n: Double) -> Date { Self.start.addingTimeInterval(n * 86_400) }

    private func read(_ client: RouteClient, _ w: World) async throws -> RequestView {
        try await client.send(.get, "/v1/requests/\(w.request.lowercased)", token: w.officer).decode(RequestView.self)
    }

    private func ids(_ client: RouteClient, _ w: World, _ query: String) async throws -> [UUID] {
        let answer = try await client.send(.get, "/v1/requests?\(query)", token: w.officer)
        #expect(answer.status == .ok, "\(query): \(answer.text)")
        return try answer.decode(Page<RequestView>.self).items.map(\.id)
    }

    private static func stamp(_ date: Date) -> String {
        RFC3339.string(from: date).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test("a request's row follows the journey: status since, latest activity (deliveries aside), the provider holding the work")
    func fieldsFollowTheJourney() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.start)) { f in
            try await f.serve { client in
                let w = try await world(f, client)
                var view = try await read(client, w)
                #expect(view.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม")
                #expect(view.statusSince == view.submittedAt)
                #expect(view.lastActivityAt == view.submittedAt)
                #expect(view.provider == nil && view.waiting == nil)

                try await f.deliver(MatchUnavailable(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                     reason: "regionBudgetExhausted", exclusions: [:], candidatesConsidered: 3),
                                    time: day(1))
                view = try await read(client, w)
                #expect(view.status == "unmatched")
                #expect(view.statusSince == day(1))
                #expect(view.waiting == RequestView.Waiting(reason: "regionBudgetExhausted", reasonTH: "งบประมาณคูปองของภาคหมดแล้ว",
                                                            reasonEN: "the region's coupon budget is used up", since: day(1), roundId: nil))
                // A delivery is no activity on the request.
                try await f.deliver(NotificationDelivered(notificationId: UUID(), template: "request-unmatched", channel: .email,
                                                          recipientPartyId: w.enterpriseID, recipientPartyKind: .enterprise,
                                                          requestId: w.request, causeEventId: UUID(), deliveredAt: day(2)), time: day(2))
                #expect(try await read(client, w).lastActivityAt == day(1))

                let round = UUID(), proposal = UUID()
                try await f.deliver(MatchProposed(proposalId: proposal, requestId: w.request, requestReference: w.reference,
                                                  enterpriseId: w.enterpriseID, providerId: w.providerID, rank: 1,
                                                  score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500, points: 2400, note: "")]),
                                                  candidatesConsidered: 3, candidatesEligible: 1, respondBy: day(6), roundId: round),
                                    time: day(3))
                view = try await read(client, w)
                #expect(view.status == "proposed" && view.waiting == nil && view.provider == nil)
                try await f.deliver(MatchAccepted(proposalId: proposal, requestId: w.request, requestReference: w.reference,
                                                  enterpriseId: w.enterpriseID, providerId: w.providerID, acceptedAt: day(4)), time: day(4))
                view = try await read(client, w)
                #expect(view.provider == RequestView.Holder(id: w.providerID, name: "คลินิกเทคโนโลยีทดสอบ"), "the accepting provider")
                try await f.deliver(MatchAssigned(assignmentId: UUID(), requestId: w.request, requestReference: w.reference,
                                                  enterpriseId: w.enterpriseID, providerId: w.providerID, proposalId: proposal,
                                                  manual: false, fiscalYear: 2570, region: .north,
                                                  coupon: CouponAmounts(valueBaht: 100_000, enterpriseShareBaht: 10_000, programmeShareBaht: 90_000),
                                                  assignedBy: Actor(role: .system), assignedAt: day(5)), time: day(5))
                try await f.deliver(MatchWorkReported(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                      providerId: w.providerID, summary: "ออกแบบบรรจุภัณฑ์แล้ว", standardApplied: nil,
                                                      reportedAt: day(6)), time: day(6))
                view = try await read(client, w)
                #expect(view.status == "workReported")
                #expect(view.statusSince == day(6))
                #expect(view.lastActivityAt == day(6))
                #expect(view.provider?.id == w.providerID, "the open assignment's provider")

                // The queue "work reported, not confirmed for 14 days" and its neighbours.
                let unconfirmed = "status=workReported&statusBefore=\(Self.stamp(Date().addingTimeInterval(-14 * 86_400)))"
                #expect(try await ids(client, w, unconfirmed) == [w.request])
                #expect(try await ids(client, w, "status=workReported&statusBefore=\(Self.stamp(day(6)))").isEmpty)
                let own = "enterpriseId=\(w.enterpriseID.lowercased)"
                #expect(try await ids(client, w, "\(own)&activityBefore=\(Self.stamp(day(6.5)))") == [w.request])
                #expect(try await ids(client, w, "\(own)&activityBefore=\(Self.stamp(day(6)))").isEmpty)
                #expect(try await ids(client, w, "activityBefore=\(Self.stamp(day(0.5)))").count == 1, "the other request, idle since day 0")
                #expect(try await ids(client, w, "status=unmatched,waitlisted").isEmpty)
                #expect(try await ids(client, w, "status=assigned,workReported") == [w.request])
                #expect(try await ids(client, w, "enterpriseId=\(w.enterpriseID.lowercased)") == [w.request])
                #expect(try await ids(client, w, "enterpriseId=\(w.otherEnterpriseID.lowercased)").count == 1)
                #expect(try await ids(client, w, "providerId=\(w.providerID.lowercased)") == [w.request])
                #expect(try await ids(client, w, "providerId=\(UUID().lowercased)").isEmpty)
                #expect(try await ids(client, w, "roundId=\(round.lowercased)") == [w.request])
                #expect(try await ids(client, w, "roundId=\(UUID().lowercased)").isEmpty)
            }
        }
    }

    @Test("a waitlisted request names its round and reason; the list's next page keeps every filter")
    func waitlisted() async throws {
        try await RouteFixture.with(clock: ManualClock(Self.start)) { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let round = UUID()
                try await f.deliver(MatchWaitlisted(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                    roundId: round, reason: "lowerTotalScore", waitlistedAt: day(2)), time: day(2))
                let view = try await read(client, w)
                #expect(view.status == "waitlisted")
                #expect(view.waiting?.roundId == round)
                #expect(view.waiting?.reasonTH == "คะแนนรวมต่ำกว่าคำขออื่นในรอบ")
                #expect(try await ids(client, w, "status=unmatched,waitlisted") == [w.request])
                #expect(try await ids(client, w, "roundId=\(round.lowercased)") == [w.request])
                let page = try await client.send(.get, "/v1/requests?status=submitted,waitlisted&limit=1&statusBefore=\(Self.stamp(Date()))",
                                                 token: w.officer).decode(Page<RequestView>.self)
                let next = try #require(page.next)
                #expect(next.contains("status=submitted%2Cwaitlisted") && next.contains("statusBefore="))
                let second = try await client.send(.get, next, token: w.officer).decode(Page<RequestView>.self)
                #expect(second.items.count == 1 && second.items[0].id != page.items[0].id)
            }
        }
    }

    @Test("bad filters are 422s naming each parameter", arguments: [
        ("status=unmatched,bogus", "status"), ("status=", "status"), ("statusBefore=yesterday", "statusBefore"),
        ("activityBefore=2026-13-01T00:00:00Z", "activityBefore"), ("enterpriseId=42", "enterpriseId"),
        ("providerId=x", "providerId"), ("roundId=x", "roundId"),
    ])
    func badFilters(_ query: String, _ parameter: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let answer = try await fixture.call.send(.get, "/v1/requests?\(query)", token: parties.tokens.officer)
        #expect(answer.status == .unprocessableContent)
        #expect(answer.fields == [parameter])
    }

    @Test("a scoped officer's filters stay within the region; an enterprise's within its own")
    func scope() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let south = "enterpriseId=\(parties.ids.southEnterprise.lowercased)"
        let north = try await fixture.call.send(.get, "/v1/requests?\(south)", token: parties.tokens.northOfficer)
        #expect(try north.decode(Page<RequestView>.self).items.isEmpty)
        let own = try await fixture.call.send(.get, "/v1/requests?\(south)", token: parties.tokens.northEnterprise)
        #expect(try own.decode(Page<RequestView>.self).items.isEmpty)
        let all = try await fixture.call.send(.get, "/v1/requests?\(south)", token: parties.tokens.operator)
        #expect(try all.decode(Page<RequestView>.self).items.contains { $0.id == parties.ids.southRequest })
    }
}
