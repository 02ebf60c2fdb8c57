import Contracts
import Domain
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import IntakeService
import Postgres
import Testing

/// The journey's routes in process: roles, visibility (a provider or an enterprise never learns of
/// others' proposals and requests), 202 commands with their events, 409 problems naming the state
/// from intake's read model, and the request's timeline and status following matching's events.
@Suite("Intake: the coupon journey's routes")
struct JourneyRouteTests {
    /// An enterprise with its client, two providers with theirs, an officer, and a submitted request.
    struct World: Sendable {
        var officer: String
        var enterprise: String
        var otherEnterprise: String
        var providerA: String
        var providerB: String
        var providerAID: UUID
        var providerBID: UUID
        var enterpriseID: UUID
        var request: UUID
        var reference: String
    }

    private func world(_ f: RouteFixture, _ client: RouteClient) async throws -> World {
        let officer = try await f.token(.officer)
        var providers: [UUID] = []
        for name in ["คลินิกเทคโนโลยี ก", "คลินิกเทคโนโลยี ข"] {
            let answer = try await client.send(.post, "/v1/providers", token: officer, json: [
                "name": name, "kind": "university", "serviceAreas": ["packagingDesign"], "productTypes": ["food"],
                "standards": [], "provinceCodes": ["TH-50"], "capacity": 3, "qualified": true,
                "contacts": [["name": "ผู้ประสานงาน", "email": "coordinator@example.org"]]])
            try #require(answer.status == .created, "\(answer.text)")
            providers.append(try #require(answer.id))
        }
        let registered = try await client.send(.post, "/v1/enterprises", token: officer, json: [
            "name": "กลุ่มแม่บ้านบ้านแม่ริม", "kind": "communityEnterprise", "provinceCode": "TH-50", "district": "แม่ริม",
            "products": [["name": "น้ำพริกหนุ่ม", "productType": "food"]],
            "contacts": [["name": "นางสมศรี", "email": "somsri@example.org"]]])
        try #require(registered.status == .created, "\(registered.text)")
        let enterpriseID = try #require(registered.id)
        let other = try await client.send(.post, "/v1/enterprises", token: officer, json: [
            "name": "กลุ่มทอผ้า", "kind": "communityEnterprise", "provinceCode": "TH-31", "district": "นาโพธิ์",
            "products": [["name": "ผ้าไหม", "productType": "textile"]], "contacts": [["name": "นางบุญมี", "email": "boonmee@example.org"]]])
        try #require(other.status == .created, "\(other.text)")
        let otherID = try #require(other.id)
        let enterprise = try await f.token(.enterprise, enterprise: enterpriseID)
        let submitted = try await client.send(.post, "/v1/requests", token: enterprise, json: [
            "productName": "น้ำพริกหนุ่ม", "productType": "food", "serviceAreas": ["packagingDesign"],
            "description": "บรรจุภัณฑ์ใหม่"])
        try #require(submitted.status == .accepted, "\(submitted.text)")
        return World(officer: officer, enterprise: enterprise, otherEnterprise: try await f.token(.enterprise, enterprise: otherID),
                     providerA: try await f.token(.provider, provider: providers[0]),
                     providerB: try await f.token(.provider, provider: providers[1]),
                     providerAID: providers[0], providerBID: providers[1], enterpriseID: enterpriseID,
                     request: try #require(submitted.id),
                     reference: try submitted.decode(SubmittedAnswer.self).reference)
    }

    private func proposed(_ w: World, provider: UUID, respondBy: Date = Date().addingTimeInterval(3600)) -> MatchProposed {
        MatchProposed(proposalId: UUID(), requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                      providerId: provider, rank: 1, score: MatchScore(criteria: [MatchCriterion(criterion: "distance", weight: 2500,
                                                                                                    points: 2500, note: "ใกล้")]),
                      candidatesConsidered: 2, candidatesEligible: 2, respondBy: respondBy)
    }

    private func status(_ client: RouteClient, _ w: World) async throws -> String? {
        let request = try await client.send(.get, "/v1/requests/\(w.request.lowercased)", token: w.enterprise)
            .decode(RequestView.self)
        let status = RequestStatus(rawValue: request.status)
        #expect(request.statusNameTH == status?.nameTH, "the status in Thai beside its code")
        #expect(request.statusNameEN == status?.nameEN, "and in English")
        return status?.rawValue
    }

    @Test("a provider sees and answers only its own proposals; accepting publishes the command with who acted")
    func providerAnswersOwnProposals() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let toA = proposed(w, provider: w.providerAID), toB = proposed(w, provider: w.providerBID)
                try await f.deliver(toA, toB)
                let mine = try await client.send(.get, "/v1/proposals", token: w.providerA)
                let items = try mine.decode(Page<ProposalView>.self).items
                #expect(items.map(\.id) == [toA.proposalId])
                #expect(items.first?.score.total == 2500)
                let others = "/v1/proposals/\(toB.proposalId.lowercased)"
                #expect(try await client.send(.get, others, token: w.providerA).status == .notFound)
                #expect(try await client.send(.post, others + "/accept", token: w.providerA).status == .notFound)
                // The enterprise sees both (its request's), another enterprise none.
                #expect(try await client.send(.get, "/v1/proposals", token: w.enterprise).decode(Page<ProposalView>.self).items.count == 2)
                #expect(try await client.send(.get, "/v1/proposals", token: w.otherEnterprise).decode(Page<ProposalView>.self).items.count == 0)
                // Only a provider answers.
                let path = "/v1/proposals/\(toA.proposalId.lowercased)"
                #expect(try await client.send(.post, path + "/accept", token: w.enterprise).status == .forbidden)
                let accepted = try await client.send(.post, path + "/accept", token: w.providerA)
                #expect(accepted.status == .accepted)
                #expect(accepted.header("Location") == path)
                #expect(try accepted.decode(CommandAnswer.self).command == ProposalResponded.eventType)
                let command = try #require(try await f.published(ProposalResponded.self).first)
                #expect(command.data.decision == .accept && command.data.providerId == w.providerAID)
                #expect(command.data.respondedBy.role == .provider && command.data.respondedBy.partyId == w.providerAID)
                #expect(command.correlationid == w.request.lowercased)
                // A decline needs a reason, named as the field.
                let noReason = try await client.send(.post, others + "/decline", token: w.providerB, json: [:])
                #expect(noReason.status == .unprocessableContent)
                #expect(noReason.problem?.errors?.first?.pointer == "/reason")
            }
        }
    }

    @Test("proposals page newest first with an opaque cursor that keeps the filters; a cursor this API did not issue is a 422")
    func proposalsPage() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                var delivered: [UUID] = []
                for _ in 0..<5 {
                    let proposal = proposed(w, provider: w.providerAID)
                    try await f.deliver(proposal)
                    delivered.append(proposal.proposalId)
                }
                try await f.deliver(proposed(w, provider: w.providerBID))
                var seen: [UUID] = []
                var next: String? = "/v1/proposals?requestId=\(w.request.lowercased)&status=pending&limit=2"
                var pages = 0
                while let path = next {
                    let page = try await client.send(.get, path, token: w.providerA)
                    #expect(page.status == .ok, "\(page.text)")
                    let answer = try page.decode(Page<ProposalView>.self), items = answer.items
                    #expect(items.count <= 2)
                    #expect(items.allSatisfy { $0.statusNameTH == "รอผู้ให้บริการตอบรับ" }, "the status in Thai beside its code")
                    #expect(items.allSatisfy { $0.statusNameEN == "Awaiting the provider's answer" }, "and in English")
                    seen += items.map(\.id)
                    next = answer.next
                    if let next { #expect(next.contains("requestId=") && next.contains("status=pending") && next.contains("cursor=")) }
                    pages += 1
                    if pages > 5 { break }
                }
                #expect(pages == 3, "5 proposals, 2 a page")
                #expect(Set(seen) == Set(delivered) && seen.count == 5, "each of provider A's once, none of B's")
                let created = try await f.pool.query("SELECT id FROM intake.proposals WHERE provider_id = \(w.providerAID) ORDER BY created_at DESC, id DESC")
                    .map { try $0.decode(UUID.self, column: "id") }
                #expect(seen == created, "newest first")
                let forged = try await client.send(.get, "/v1/proposals?cursor=bm90LW91cnM", token: w.providerA)
                #expect(forged.status == .unprocessableContent)
                #expect(forged.problem?.errors?.first?.parameter == "cursor")
                let badRequest = try await client.send(.get, "/v1/proposals?requestId=abc", token: w.providerA)
                #expect(badRequest.problem?.errors?.first?.parameter == "requestId")
            }
        }
    }

    @Test("409 names the state intake's read model shows: an expired proposal, a confirmation before acceptance, a rating before completion or twice")
    func illegalStates() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let proposal = proposed(w, provider: w.providerAID)
                try await f.deliver(proposal)
                let path = "/v1/proposals/\(proposal.proposalId.lowercased)"
                let early = try await client.send(.post, path + "/confirm", token: w.enterprise)
                #expect(early.status == .conflict)
                #expect(early.problem?.currentState == "pending")
                #expect(early.header("Content-Type") == "application/problem+json")
                let rating = try await client.send(.post, "/v1/requests/\(w.request.lowercased)/rating", token: w.enterprise,
                                                   json: ["rating": 5])
                #expect(rating.status == .conflict && rating.problem?.currentState == "proposed")

                try await f.deliver(MatchExpired(proposalId: proposal.proposalId, requestId: w.request, requestReference: w.reference,
                                                 enterpriseId: w.enterpriseID, providerId: w.providerAID, respondBy: Date(),
                                                 expiredAt: Date()))
                let late = try await client.send(.post, path + "/accept", token: w.providerA)
                #expect(late.status == .conflict)
                #expect(late.problem?.currentState == "expired")
                #expect(try await f.published(ProposalResponded.self).isEmpty, "no command is published for an illegal action")

                // A proposal whose deadline passed (the read model still says pending) cannot be accepted either.
                let stale = proposed(w, provider: w.providerBID, respondBy: Date().addingTimeInterval(-60))
                try await f.deliver(stale)
                let tooLate = try await client.send(.post, "/v1/proposals/\(stale.proposalId.lowercased)/accept",
                                                    token: w.providerB)
                #expect(tooLate.status == .conflict && tooLate.problem?.currentState == "expired")
            }
        }
    }

    @Test("the whole journey on the timeline: every transition shows with the request's status; enterprise-only and provider-only steps")
    func journeyOnTheTimeline() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let id = w.request.lowercased
                let proposal = proposed(w, provider: w.providerAID)
                try await f.deliver(proposal)
                #expect(try await status(client, w) == "proposed")
                try await f.deliver(MatchAccepted(proposalId: proposal.proposalId, requestId: w.request, requestReference: w.reference,
                                                  enterpriseId: w.enterpriseID, providerId: w.providerAID, acceptedAt: Date()))
                #expect(try await status(client, w) == "accepted")
                let path = "/v1/proposals/\(proposal.proposalId.lowercased)"
                #expect(try await client.send(.post, path + "/confirm", token: w.otherEnterprise).status == .notFound)
                #expect(try await client.send(.post, path + "/confirm", token: w.enterprise).status == .accepted)
                let coupon = CouponAmounts(valueBaht: 60_000, enterpriseShareBaht: 6_000, programmeShareBaht: 54_000)
                try await f.deliver(MatchAssigned(assignmentId: UUID(), requestId: w.request, requestReference: w.reference,
                                                  enterpriseId: w.enterpriseID, providerId: w.providerAID, proposalId: proposal.proposalId,
                                                  manual: false, fiscalYear: 2570, region: .north, coupon: coupon,
                                                  assignedBy: Actor(role: .enterprise), assignedAt: Date()))
                #expect(try await status(client, w) == "assigned")
                let confirmed = try await client.send(.get, path, token: w.providerA)
                #expect(try confirmed.decode(ProposalView.self).status == .confirmed)
                // Only the assigned provider reports the work.
                let report = ["summary": "ออกแบบบรรจุภัณฑ์แล้ว", "standardApplied": "tcps"]
                #expect(try await client.send(.post, "/v1/requests/\(id)/work-report", token: w.providerB, json: report).status == .notFound)
                #expect(try await client.send(.post, "/v1/requests/\(id)/work-report", token: w.providerA, json: report).status == .accepted)
                try await f.deliver(MatchWorkReported(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                      providerId: w.providerAID, summary: "ออกแบบบรรจุภัณฑ์แล้ว", standardApplied: .tcps,
                                                      reportedAt: Date()))
                #expect(try await client.send(.post, "/v1/requests/\(id)/completion", token: w.enterprise).status == .accepted)
                try await f.deliver(MatchCompleted(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                   providerId: w.providerAID, fiscalYear: 2570, region: .north, spentCouponBaht: 54_000,
                                                   completedAt: Date()))
                #expect(try await status(client, w) == "completed")
                let rate = ["rating": 5, "comment": "ดีมาก", "monthlyIncomeBeforeBaht": 40_000, "monthlyIncomeAfterBaht": 46_000]
                #expect(try await client.send(.post, "/v1/requests/\(id)/rating", token: w.enterprise, json: ["rating": 9]).status
                        == .unprocessableContent)
                #expect(try await client.send(.post, "/v1/requests/\(id)/rating", token: w.enterprise, json: rate).status == .accepted)
                try await f.deliver(MatchRated(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                               providerId: w.providerAID, rating: 5, comment: "ดีมาก", monthlyIncomeBeforeBaht: 40_000,
                                               monthlyIncomeAfterBaht: 46_000, incomeChangePercent: 15, ratedAt: Date()))
                let twice = try await client.send(.post, "/v1/requests/\(id)/rating", token: w.enterprise, json: rate)
                #expect(twice.status == .conflict && twice.problem?.currentState == "rated")
                // Withdrawing a completed request is illegal.
                let withdraw = try await client.send(.post, "/v1/requests/\(id)/withdrawal", token: w.enterprise, json: ["reason": "x"])
                #expect(withdraw.status == .conflict && withdraw.problem?.currentState == "completed")

                let view = try await client.send(.get, "/v1/requests/\(id)", token: w.enterprise)
                let types = try view.decode(RequestView.self).timeline?.map(\.type) ?? []
                #expect(types == ["th.otop.request.submitted.v1", "th.otop.match.proposed.v1", "th.otop.match.accepted.v1",
                                  "th.otop.proposal.confirmed.v1", "th.otop.match.assigned.v1", "th.otop.work.reported.v1",
                                  "th.otop.match.work-reported.v1", "th.otop.work.confirmed.v1", "th.otop.match.completed.v1",
                                  "th.otop.work.rated.v1", "th.otop.match.rated.v1"])
            }
        }
    }

    @Test("officers screen, withdraw, assign; enterprises and providers may not")
    func officerActions() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let id = w.request.lowercased
                try await f.deliver(MatchAwaitingScreening(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                           provinceCode: "TH-50", since: Date()))
                #expect(try await status(client, w) == "awaitingScreening")
                #expect(try await client.send(.post, "/v1/requests/\(id)/screening", token: w.enterprise, json: ["eligible": true]).status
                        == .forbidden)
                let missing = try await client.send(.post, "/v1/requests/\(id)/screening", token: w.officer, json: ["eligible": false])
                #expect(missing.problem?.errors?.first?.pointer == "/reason")
                #expect(try await client.send(.post, "/v1/requests/\(id)/screening", token: w.officer, json: ["eligible": true]).status
                        == .accepted)
                let screened = try #require(try await f.published(RequestScreened.self).first)
                #expect(screened.data.eligible && screened.data.screenedBy.role == .officer)
                try await f.deliver(MatchScreened(requestId: w.request, requestReference: w.reference, enterpriseId: w.enterpriseID,
                                                  eligible: true, reason: nil, mode: .officer, screenedBy: screened.data.screenedBy,
                                                  screenedAt: Date()))
                #expect(try await status(client, w) == "matching")
                let again = try await client.send(.post, "/v1/requests/\(id)/screening", token: w.officer, json: ["eligible": true])
                #expect(again.status == .conflict && again.problem?.currentState == "matching")

                // Manual assignment: officer only, a known provider.
                let unknown = try await client.send(.post, "/v1/requests/\(id)/assignment", token: w.officer,
                                                    json: ["providerId": UUID().uuidString, "reason": "ด่วน"])
                #expect(unknown.problem?.errors?.first?.pointer == "/providerId")
                let assign = try await client.send(.post, "/v1/requests/\(id)/assignment", token: w.officer,
                                                   json: ["providerId": w.providerBID.uuidString, "reason": "ผู้เชี่ยวชาญเฉพาะ"])
                #expect(assign.status == .accepted)
                #expect(try await f.published(ManualAssignmentOrdered.self).first?.data.providerId == w.providerBID)
                // Withdrawing an assignment needs an assigned request.
                let early = try await client.send(.post, "/v1/requests/\(id)/assignment/withdrawal", token: w.officer,
                                                  json: ["reason": "x", "rematch": true])
                #expect(early.status == .conflict && early.problem?.currentState == "matching")
                // The enterprise withdraws its own request; another enterprise cannot see it.
                #expect(try await client.send(.post, "/v1/requests/\(id)/withdrawal", token: w.otherEnterprise,
                                              json: ["reason": "x"]).status == .notFound)
                #expect(try await client.send(.post, "/v1/requests/\(id)/withdrawal", token: w.enterprise,
                                              json: ["reason": "ได้ทุนแล้ว"]).status == .accepted)
                #expect(try await f.published(RequestWithdrawn.self).first?.data.enterpriseId == w.enterpriseID)
            }
        }
    }

    @Test("budgets: officers set them per region and fiscal year and read the ledger's totals; rounds are started and followed")
    func budgetsAndRounds() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let operatorToken = try await f.token(.operator)
                #expect(try await client.send(.put, "/v1/budgets/2570/north", token: w.enterprise, json: ["amountBaht": 1]).status
                        == .forbidden)
                let badRegion = try await client.send(.put, "/v1/budgets/2570/mars", token: w.officer, json: ["amountBaht": 1], ifMatch: "*")
                #expect(badRegion.status == .notFound, "no such budget resource")
                let unset = try await client.send(.get, "/v1/budgets/2570/north", token: w.officer)
                #expect(try unset.status == .ok && unset.etag == "\"0\"" && !(unset.decode(BudgetView.self)).set, "none published yet")
                let budget = ["amountBaht": 24_000_000]
                #expect(try await client.send(.put, "/v1/budgets/2570/north", token: w.officer, json: budget).status == .preconditionRequired)
                // RFC 9110: If-Match, even *, asks for a budget that exists; the first is created with If-None-Match: *.
                for tag in ["\"3\"", "\"0\"", "*"] {
                    let early = try await client.send(.put, "/v1/budgets/2570/north", token: w.officer, json: budget, ifMatch: tag)
                    #expect(early.status == .preconditionFailed && early.problem?.type == "/problems/does-not-exist-yet", "If-Match: \(tag)")
                }
                #expect(try await f.published(BudgetSet.self).isEmpty)
                let southOfficer = try await f.token(.officer, region: .south)
                #expect(try await client.json(.put, "/v1/budgets/2570/north", token: southOfficer, budget, headers: [.ifNoneMatch: "*"]).status
                        == .forbidden, "an officer scoped to the south sets the south's budget only")
                let set = try await client.json(.put, "/v1/budgets/2570/north", token: w.officer, budget, headers: [.ifNoneMatch: "*"])
                #expect(set.status == .accepted && set.header("Location") == "/v1/budgets/2570/north")
                let command = try #require(try await f.published(BudgetSet.self).first)
                #expect(command.data.amountBaht == 24_000_000 && command.correlationid == "2570-north")
                try await f.deliver(BudgetUpdated(fiscalYear: 2570, region: .north, allocatedBaht: 24_000_000, committedBaht: 54_000,
                                                  spentBaht: 0, releasedBaht: 0, availableBaht: 23_892_000, change: "committed",
                                                  requestId: nil, updatedAt: Date(), heldBaht: 54_000))
                let budgets = try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: operatorToken)
                let north = try #require(try budgets.decode(Page<BudgetView>.self).items.first)
                #expect(north.availableBaht == 23_892_000 && north.heldBaht == 54_000)
                let one = try await client.send(.get, "/v1/budgets/2570/north", token: w.officer)
                #expect(try one.status == .ok && one.header("ETag") == "\"1\"" && (one.decode(BudgetView.self)).allocatedBaht == 24_000_000)
                // Once it exists, If-None-Match: * is refused (with the ETag to change it by).
                let again = try await client.json(.put, "/v1/budgets/2570/north", token: w.officer, budget, headers: [.ifNoneMatch: "*"])
                #expect(again.status == .preconditionFailed && again.problem?.type == "/problems/already-exists" && again.header("ETag") == "\"1\"")
                // The allocation changes: the ETag moves on, and a PUT naming the old one is refused.
                try await f.deliver(BudgetUpdated(fiscalYear: 2570, region: .north, allocatedBaht: 30_000_000, committedBaht: 54_000,
                                                  spentBaht: 0, releasedBaht: 0, availableBaht: 29_892_000, change: "allocated",
                                                  requestId: nil, updatedAt: Date(), heldBaht: 54_000))
                #expect(try await client.send(.get, "/v1/budgets/2570/north", token: w.officer).header("ETag") == "\"2\"")
                #expect(try await client.send(.put, "/v1/budgets/2570/north", token: w.officer, json: budget, ifMatch: "\"1\"").status
                        == .preconditionFailed)
                // An officer scoped to a region reads its own budget only, in the list and by its path.
                let southList = try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: southOfficer)
                #expect(try southList.status == .ok && (southList.decode(Page<BudgetView>.self)).items.map(\.region) == [.south],
                        "the north's budget is not the south's")
                #expect(try !(southList.decode(Page<BudgetView>.self)).items[0].set)
                #expect(try await client.send(.get, "/v1/budgets/2570/north", token: southOfficer).status == .notFound)
                let northOfficer = try await f.token(.officer, region: .north)
                #expect(try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: northOfficer).decode(Page<BudgetView>.self).items.count == 1)
                let badYear = try await client.send(.get, "/v1/budgets?fiscalYear=abc", token: w.officer)
                #expect(badYear.status == .unprocessableContent)
                #expect(badYear.problem?.errors?.first?.parameter == "fiscalYear")
                #expect(try await client.send(.get, "/v1/budgets?fiscalYear=2570", token: w.providerA).status == .forbidden)
                #expect(try await client.send(.get, "/v1/budgets", token: w.officer).status == .unprocessableContent)

                let started = try await client.send(.post, "/v1/rounds", token: w.officer,
                                                    json: ["fiscalYear": 2570, "region": "north", "seed": "18446744073709551615"])
                #expect(started.status == .accepted)
                let location = try #require(started.header("Location"))
                let requested = try #require(try await f.published(RoundRequested.self).first)
                #expect(requested.data.seed == UInt64.max && requested.data.region == .north)
                #expect(try await client.send(.get, location, token: w.officer).decode(RoundView.self).status == "requested")
                #expect(try await client.send(.get, location, token: southOfficer).status == .notFound, "the north's round")
                #expect(try await client.send(.post, "/v1/rounds", token: southOfficer, json: ["fiscalYear": 2570, "region": "north"]).status
                        == .forbidden)
                try await f.deliver(RoundCompleted(roundId: requested.data.roundId, fiscalYear: 2570, region: .north, requests: 10,
                                                   proposed: 7, waitlisted: 3, waitlistedByReason: ["regionBudgetExhausted": 3],
                                                   objective: 66_000, solverMilliseconds: 1.5, seed: UInt64.max,
                                                   requestedBy: requested.data.requestedBy, completedAt: Date()))
                let round = try await client.send(.get, location, token: operatorToken).decode(RoundView.self)
                #expect(round.status == "completed" && round.objective == 66_000)
                #expect(round.seed == "18446744073709551615")
                #expect(try await client.send(.post, "/v1/rounds", token: w.enterprise, json: ["fiscalYear": 2570]).status == .forbidden)
            }
        }
    }
}
