import Contracts
import Domain
import Foundation
@testable import MatchingService
import Postgres
import TestSupport
import Testing

/// The journey's flows through matching's real handler and inbox against the real PostgreSQL; after
/// every flow `active_load` equals the open proposals and assignments, and the budget ledger equals
/// its coupons.
@Suite("Matching: the coupon journey")
struct JourneyFlowTests {
    @Test("officer screening: the request waits, then eligible goes to matching and not eligible ends with the reason")
    func officerScreening() async throws {
        let f = try await MatchingFixture.make { $0.screening = .officer }
        let provider = try await f.register(f.provider())
        let eligible = try await f.submit(f.request())
        let rejected = try await f.submit(f.request())
        #expect(try await f.status(of: eligible.requestId) == .awaitingScreening)
        #expect(try await f.activeLoad(of: provider) == 0)
        #expect(try await f.journeyTypes(of: eligible.requestId) == ["match.awaiting-screening"])

        try await f.deliver(RequestScreened(requestId: eligible.requestId, eligible: true, reason: nil, screenedBy: f.officer,
                                            screenedAt: f.clock.now()),
                            RequestScreened(requestId: rejected.requestId, eligible: false, reason: "ไม่ใช่ผู้ประกอบการ OTOP",
                                            screenedBy: f.officer, screenedAt: f.clock.now()))
        #expect(try await f.status(of: eligible.requestId) == .proposed)
        #expect(try await f.journeyTypes(of: eligible.requestId) == ["match.awaiting-screening", "match.screened", "match.proposed"])
        #expect(try await f.status(of: rejected.requestId) == .notEligible)
        let screened = try await f.events(MatchScreened.self).first { $0.data.requestId == rejected.requestId }
        #expect(screened?.data.eligible == false)
        #expect(screened?.data.reason == "ไม่ใช่ผู้ประกอบการ OTOP")

        // Screening again is refused, naming the state the request is in.
        try await f.deliver(RequestScreened(requestId: rejected.requestId, eligible: true, reason: nil, screenedBy: f.officer,
                                            screenedAt: f.clock.now()))
        let refusal = try #require(try await f.events(MatchCommandRefused.self).last)
        #expect(refusal.data.currentState == "notEligible")
        #expect(refusal.data.commandType == RequestScreened.eventType)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("automatic screening proposes at once, without a screening event")
    func automaticScreening() async throws {
        let f = try await MatchingFixture.make()
        try await f.register(f.provider())
        let request = try await f.submit(f.request())
        #expect(try await f.journeyTypes(of: request.requestId) == ["match.proposed"])
        await f.tearDown()
    }

    @Test("accept → confirm → assigned: the coupon goes from held to committed, capacity passes to the assignment")
    func acceptConfirmAssigned() async throws {
        let f = try await MatchingFixture.make()
        let provider = try await f.register(f.provider())
        try await f.setBudget(1_000_000)
        let request = try await f.submit(f.request())
        let proposal = try await f.pendingProposal(of: request.requestId)
        #expect(try await f.coupon(of: request.requestId) == .held)
        #expect(try await f.budget()?.held == 54_000)
        try await f.accept(proposal)
        #expect(try await f.status(of: request.requestId) == .accepted)
        try await f.checkInvariants()
        try await f.confirm(proposal, enterprise: request.enterpriseId)
        #expect(try await f.status(of: request.requestId) == .assigned)
        #expect(try await f.coupon(of: request.requestId) == .committed)
        let budget = try #require(try await f.budget())
        #expect(budget.held == 0 && budget.committed == 54_000 && budget.available == 1_000_000 - 54_000)
        #expect(try await f.activeLoad(of: provider) == 1)
        let assigned = try #require(try await f.events(MatchAssigned.self).first)
        #expect(assigned.data.coupon == CouponAmounts(valueBaht: 60_000, enterpriseShareBaht: 6_000, programmeShareBaht: 54_000))
        #expect(assigned.data.region == .north && assigned.data.proposalId == proposal.id && !assigned.data.manual)
        #expect(assigned.correlationid == request.requestId.lowercased)
        let changes = try await f.events(BudgetUpdated.self).map(\.data.change)
        #expect(changes == ["set", "held", "committed"])

        // Confirming twice is refused with the state.
        try await f.confirm(proposal, enterprise: request.enterpriseId)
        let refusal = try #require(try await f.events(MatchCommandRefused.self).last)
        #expect(refusal.data.currentState == "confirmed")
        #expect(try await f.journeyTypes(of: request.requestId) == ["match.proposed", "match.accepted", "match.assigned",
                                                                   "match.command-refused"])
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("decline → the next candidate, never back to the provider that declined")
    func declineNextCandidate() async throws {
        let f = try await MatchingFixture.make()
        let near = try await f.register(f.provider("ใกล้", provinces: ["TH-50"]))
        let far = try await f.register(f.provider("ไกล", provinces: ["TH-90"]))
        let request = try await f.submit(f.request())
        let first = try await f.pendingProposal(of: request.requestId)
        #expect(first.provider == near)
        try await f.decline(first)
        let second = try await f.pendingProposal(of: request.requestId)
        #expect(second.provider == far)
        #expect(second.rank == 2)
        #expect(try await f.activeLoad(of: near) == 0)
        try await f.checkInvariants()
        // The second declines too: nobody is left (never back to the first) — parked with the reason.
        try await f.decline(second)
        #expect(try await f.status(of: request.requestId) == .unmatched)
        #expect(try await f.unmatchedReason(of: request.requestId) == "noEligibleProvider")
        #expect(try await f.coupon(of: request.requestId) == .released)
        #expect(try await f.journeyTypes(of: request.requestId) == ["match.proposed", "match.declined", "match.proposed",
                                                                   "match.declined", "match.unmatched"])
        // A decline without a reason is refused.
        try await f.deliver(ProposalResponded(proposalId: second.id, requestId: request.requestId, providerId: far,
                                              decision: .decline, reason: " ", respondedBy: f.providerActor(far),
                                              respondedAt: f.clock.now()))
        #expect(try await f.events(MatchCommandRefused.self).last?.data.currentState == "declined")
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("first acceptance wins: the other open proposal is withdrawn with a reason and its capacity freed")
    func firstAcceptanceWins() async throws {
        let f = try await MatchingFixture.make { $0.parallelProposals = 2 }
        let a = try await f.register(f.provider("ก"))
        let b = try await f.register(f.provider("ข", provinces: ["TH-57"]))
        let request = try await f.submit(f.request())
        let proposals = try await f.proposals(of: request.requestId)
        #expect(proposals.count == 2)
        #expect(proposals.allSatisfy { $0.status == .pending })
        #expect(try await f.budget() == nil)
        let winner = try #require(proposals.first { $0.provider == b })
        let loser = try #require(proposals.first { $0.provider == a })
        try await f.accept(winner)
        try await f.accept(loser)
        let final = try await f.proposals(of: request.requestId)
        #expect(final.first { $0.id == winner.id }?.status == .accepted)
        #expect(final.first { $0.id == loser.id }?.status == .withdrawn)
        #expect(try await f.activeLoad(of: a) == 0)
        #expect(try await f.activeLoad(of: b) == 1)
        let withdrawn = try #require(try await f.events(MatchWithdrawn.self).first)
        #expect(withdrawn.data.providerId == a)
        #expect(withdrawn.data.reason == "another provider accepted the request first")
        #expect(withdrawn.data.withdrawnBy.role == .system)
        #expect(withdrawn.data.requestStatus == .accepted)
        // The late acceptance is refused: its proposal is withdrawn.
        let refusal = try #require(try await f.events(MatchCommandRefused.self).first)
        #expect(refusal.data.currentState == "withdrawn")
        #expect(refusal.data.actor.partyId == a)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("the enterprise withdraws: an assigned request frees the provider's capacity and releases the committed coupon")
    func enterpriseWithdrawsAssignment() async throws {
        let f = try await MatchingFixture.make()
        let provider = try await f.register(f.provider(capacity: 1))
        try await f.setBudget(200_000)
        let request = try await f.submit(f.request())
        let waiting = try await f.submit(f.request())   // parked: the only provider is full
        #expect(try await f.unmatchedReason(of: waiting.requestId) == "allCandidatesFull")
        let proposal = try await f.pendingProposal(of: request.requestId)
        try await f.accept(proposal)
        try await f.confirm(proposal, enterprise: request.enterpriseId)
        try await f.deliver(RequestWithdrawn(requestId: request.requestId, enterpriseId: request.enterpriseId,
                                             reason: "ได้รับทุนจากหน่วยงานอื่น", withdrawnBy: f.enterprise(of: request),
                                             withdrawnAt: f.clock.now()))
        #expect(try await f.status(of: request.requestId) == .withdrawn)
        #expect(try await f.coupon(of: request.requestId) == .released)
        let budget = try #require(try await f.budget())
        #expect(budget.released == 54_000)
        let withdrawn = try #require(try await f.events(MatchWithdrawn.self).first { $0.data.requestId == request.requestId })
        #expect(withdrawn.data.stage == .assignment && withdrawn.data.releasedCouponBaht == 54_000)
        #expect(withdrawn.data.requestStatus == .withdrawn)
        // The freed capacity (and budget) went to the parked request at once.
        #expect(try await f.status(of: waiting.requestId) == .proposed)
        #expect(try await f.activeLoad(of: provider) == 1)
        // Withdrawing again is refused: withdrawn is final.
        try await f.deliver(RequestWithdrawn(requestId: request.requestId, enterpriseId: request.enterpriseId, reason: "ซ้ำ",
                                             withdrawnBy: f.enterprise(of: request), withdrawnAt: f.clock.now()))
        #expect(try await f.events(MatchCommandRefused.self).last?.data.currentState == "withdrawn")
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("an officer withdraws an assignment with re-matching: capacity and coupon freed, another provider proposed")
    func officerWithdrawsAssignment() async throws {
        let f = try await MatchingFixture.make()
        let first = try await f.register(f.provider("ก"))
        let second = try await f.register(f.provider("ข", provinces: ["TH-90"]))
        try await f.setBudget(100_000)
        let request = try await f.submit(f.request())
        let proposal = try await f.pendingProposal(of: request.requestId)
        try await f.accept(proposal)
        try await f.confirm(proposal, enterprise: request.enterpriseId)
        try await f.deliver(AssignmentWithdrawalOrdered(requestId: request.requestId, reason: "ผู้ให้บริการไม่เริ่มงาน",
                                                        rematch: true, orderedBy: f.officer, orderedAt: f.clock.now()))
        #expect(try await f.activeLoad(of: first) == 0)
        let next = try await f.pendingProposal(of: request.requestId)
        #expect(next.provider == second)
        #expect(try await f.coupon(of: request.requestId) == .held)
        let budget = try #require(try await f.budget())
        #expect(budget.released == 54_000 && budget.committed == 0 && budget.held == 54_000)
        let withdrawn = try #require(try await f.events(MatchWithdrawn.self).first)
        #expect(withdrawn.data.rematching && withdrawn.data.requestStatus == .matching && withdrawn.data.withdrawnBy.role == .officer)
        // The provider's record counts the assignment it did not deliver.
        let outcomes = try await f.pool.query("SELECT withdrawn_by_officer FROM matching.providers WHERE id = \(first)")
        #expect(try outcomes.first?.decode(Int.self, column: "withdrawn_by_officer") == 1)
        // An officer withdraws the new proposal: the request has nobody left.
        try await f.deliver(ProposalWithdrawalOrdered(proposalId: next.id, requestId: request.requestId,
                                                      reason: "ผู้ให้บริการแจ้งว่าไม่สะดวก", orderedBy: f.officer,
                                                      orderedAt: f.clock.now()))
        #expect(try await f.status(of: request.requestId) == .unmatched)
        #expect(try await f.budget()?.held == 0)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("manual assignment: capacity and budget stay hard limits; otherwise assigned with the coupon committed")
    func manualAssignment() async throws {
        let f = try await MatchingFixture.make()
        let full = try await f.register(f.provider("เต็ม", capacity: 1))
        let other = try await f.register(f.provider("ว่าง", capacity: 2, areas: [.machineryDesign]))
        try await f.setBudget(120_000)
        let first = try await f.submit(f.request())          // takes the only unit of "เต็ม"
        let second = try await f.submit(f.request())         // parked: allCandidatesFull
        try await f.deliver(ManualAssignmentOrdered(requestId: second.requestId, providerId: full, reason: "ผู้เชี่ยวชาญเฉพาะ",
                                                    orderedBy: f.officer, orderedAt: f.clock.now()))
        let refusal = try #require(try await f.events(MatchCommandRefused.self).last)
        #expect(refusal.data.reason.contains("no free capacity (1 of 1 in use)"))
        #expect(refusal.data.currentState == "unmatched")
        try await f.deliver(ManualAssignmentOrdered(requestId: second.requestId, providerId: other, reason: "ผู้เชี่ยวชาญเฉพาะ",
                                                    orderedBy: f.officer, orderedAt: f.clock.now()))
        #expect(try await f.status(of: second.requestId) == .assigned)
        let assigned = try #require(try await f.events(MatchAssigned.self).last)
        #expect(assigned.data.manual && assigned.data.proposalId == nil && assigned.data.providerId == other)
        // Held 54,000 (first) + committed 54,000 (second) of 120,000: a third coupon does not fit.
        let third = try await f.submit(f.request())
        #expect(try await f.unmatchedReason(of: third.requestId) == "allCandidatesFull")
        try await f.deliver(ManualAssignmentOrdered(requestId: third.requestId, providerId: other, reason: "ด่วน",
                                                    orderedBy: f.officer, orderedAt: f.clock.now()))
        #expect(try await f.events(MatchCommandRefused.self).last?.data.reason.contains("does not cover the coupon") == true)
        #expect(try await f.status(of: third.requestId) == .unmatched)
        _ = first
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("work reported → completion confirmed → rated: coupon spent, capacity freed, and the past-outcome score changes")
    func completionAndRating() async throws {
        let f = try await MatchingFixture.make()
        let provider = try await f.register(f.provider())
        try await f.setBudget(1_000_000)
        let request = try await f.submit(f.request())
        let proposal = try await f.pendingProposal(of: request.requestId)
        let before = try #require(try await f.events(MatchProposed.self).first).data.score

        // Rating before completion is refused.
        try await f.rate(request.requestId, enterprise: request.enterpriseId)
        #expect(try await f.events(MatchCommandRefused.self).last?.data.currentState == "proposed")

        try await f.accept(proposal)
        try await f.confirm(proposal, enterprise: request.enterpriseId)
        // Another provider cannot report the work; completion needs the report first.
        try await f.deliver(WorkReported(requestId: request.requestId, providerId: UUID(), summary: "x", standardApplied: nil,
                                         reportedBy: f.providerActor(UUID()), reportedAt: f.clock.now()))
        #expect(try await f.events(MatchCommandRefused.self).last?.data.reason == "the request is assigned to another provider")
        try await f.confirmCompletion(request.requestId, enterprise: request.enterpriseId)
        #expect(try await f.events(MatchCommandRefused.self).last?.data.currentState == "assigned")

        try await f.reportWork(request.requestId, provider: provider)
        #expect(try await f.status(of: request.requestId) == .workReported)
        try await f.confirmCompletion(request.requestId, enterprise: request.enterpriseId)
        #expect(try await f.status(of: request.requestId) == .completed)
        #expect(try await f.activeLoad(of: provider) == 0)
        #expect(try await f.coupon(of: request.requestId) == .spent)
        #expect(try await f.budget()?.spent == 54_000)
        try await f.rate(request.requestId, enterprise: request.enterpriseId, rating: 5)
        let rated = try #require(try await f.events(MatchRated.self).first)
        #expect(rated.data.rating == 5 && rated.data.incomeChangePercent == 15.0)
        // Rating twice is refused.
        try await f.rate(request.requestId, enterprise: request.enterpriseId, rating: 1)
        #expect(try await f.events(MatchCommandRefused.self).last?.data.currentState == "rated")
        #expect(try await f.journeyTypes(of: request.requestId).filter { $0 != "match.command-refused" } == [
            "match.proposed", "match.accepted", "match.assigned", "match.work-reported", "match.completed", "match.rated"])

        // A certificate issued for the request counts for the provider (once per certificate).
        let certified = CertificationStepChanged(
            certificateId: UUID(), enterpriseId: request.enterpriseId, productId: nil, productName: nil,
            requestId: request.requestId, provinceCode: "TH-50", standard: .tcps, standardNameTH: "มผช.", standardNameEN: "TCPS",
            from: .committee, to: .certified, number: "มผช. 1/2570", validFrom: "2027-01-01", validUntil: "2030-01-01",
            nextSurveillanceDue: nil, reason: nil, reportedBy: f.officer, reportId: nil, changedAt: f.clock.now())
        try await f.deliver(certified, source: .certification)
        var again = certified
        again.from = .renewalDue
        try await f.deliver(again, source: .certification)
        let record = try await f.pool.query("""
            SELECT completed, rating_sum, ratings, certificates FROM matching.providers WHERE id = \(provider)
            """).first!
        #expect(try record.decode(Int.self, column: "completed") == 1)
        #expect(try record.decode(Int.self, column: "ratings") == 1)
        #expect(try record.decode(Int.self, column: "certificates") == 1)

        // The next request to this provider scores its record, not the priors.
        let next = try await f.submit(f.request())
        let after = try #require(try await f.events(MatchProposed.self).first { $0.data.requestId == next.requestId }).data.score
        let points = { (score: MatchScore, name: String) in score.criteria.first { $0.criterion == name }?.points ?? -1 }
        #expect(points(after, "completionRate") > points(before, "completionRate"))
        #expect(points(after, "rating") > points(before, "rating"))
        #expect(points(after, "certificates") > points(before, "certificates"))
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("no fit → parked with the reason → matched when a provider registers, or when capacity is freed")
    func parkedThenMatched() async throws {
        let f = try await MatchingFixture.make()
        let lonely = try await f.submit(f.request())
        #expect(try await f.status(of: lonely.requestId) == .unmatched)
        let unavailable = try #require(try await f.events(MatchUnavailable.self).first)
        #expect(unavailable.data.reason == "noProviders")
        let provider = try await f.register(f.provider(capacity: 1))
        #expect(try await f.status(of: lonely.requestId) == .proposed)

        let waiting = try await f.submit(f.request())
        #expect(try await f.unmatchedReason(of: waiting.requestId) == "allCandidatesFull")
        let proposal = try await f.pendingProposal(of: lonely.requestId)
        try await f.decline(proposal)           // frees the provider's only unit
        let handedOn = try await f.pendingProposal(of: waiting.requestId)
        #expect(handedOn.provider == provider)
        #expect(try await f.status(of: lonely.requestId) == .unmatched)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("a command for a request matching does not know is refused with state unknown")
    func unknownRequest() async throws {
        let f = try await MatchingFixture.make()
        let id = UUID()
        try await f.deliver(ProposalConfirmed(proposalId: UUID(), requestId: id, enterpriseId: UUID(),
                                              confirmedBy: Actor(role: .enterprise), confirmedAt: f.clock.now()))
        let refusal = try #require(try await f.events(MatchCommandRefused.self).first)
        #expect(refusal.data.currentState == "unknown" && refusal.data.requestId == id)
        await f.tearDown()
    }
}
