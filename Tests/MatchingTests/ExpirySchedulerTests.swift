import Contracts
import Domain
import Foundation
@testable import MatchingService
import Postgres
import TestSupport
import Testing

@Suite("Matching: proposal expiry")
struct ExpirySchedulerTests {
    @Test("a proposal unanswered past its deadline expires and the request moves to the next candidate")
    func expiryMovesOn() async throws {
        let f = try await MatchingFixture.make { $0.responseWindow = 60 }
        let first = try await f.register(f.provider("ก"))
        let second = try await f.register(f.provider("ข", provinces: ["TH-57"]))
        let request = try await f.submit(f.request())
        let proposal = try await f.pendingProposal(of: request.requestId)
        #expect(proposal.provider == first)

        // Not due yet: nothing happens, and the scheduler knows when to wake.
        let early = try await f.expireDue()
        #expect(early.expired == 0)
        #expect(early.next == f.clock.now().addingTimeInterval(60))

        f.clock.advance(by: 61)
        let pass = try await f.expireDue()
        #expect(pass.expired == 1)
        let next = try await f.pendingProposal(of: request.requestId)
        #expect(next.provider == second)
        #expect(try await f.proposals(of: request.requestId).first { $0.id == proposal.id }?.status == .expired)
        #expect(try await f.activeLoad(of: first) == 0)
        let expired = try #require(try await f.events(MatchExpired.self).first)
        #expect(expired.data.providerId == first)
        #expect(expired.correlationid == request.requestId.lowercased)
        #expect(try await f.journeyTypes(of: request.requestId) == ["match.proposed", "match.expired", "match.proposed"])

        // Accepting the expired proposal is refused, naming "expired".
        try await f.accept(proposal)
        let refusal = try #require(try await f.events(MatchCommandRefused.self).first)
        #expect(refusal.data.currentState == "expired")
        #expect(refusal.data.reason == "the proposal is expired, which is final")
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("passes racing over the same due proposals expire each exactly once")
    func exactlyOnce() async throws {
        let f = try await MatchingFixture.make { $0.responseWindow = 60 }
        try await f.register(f.provider("ก", capacity: 20))
        try await f.register(f.provider("ข", capacity: 20, provinces: ["TH-57"]))
        var requests: [UUID] = []
        for _ in 0..<12 { requests.append(try await f.submit(f.request()).requestId) }
        f.clock.advance(by: 61)
        // Four schedulers (as four replicas would) at once.
        let passes = try await withThrowingTaskGroup(of: ProposalExpiryScheduler.Pass.self) { group in
            for _ in 0..<4 { group.addTask { try await f.expireDue() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(passes.map(\.expired).reduce(0, +) == 12)
        #expect(try await f.events(MatchExpired.self).count == 12)
        for request in requests {
            #expect(try await f.proposals(of: request).map(\.status) == [.expired, .pending])
        }
        // And again later: the second proposals expire, then nobody is left.
        f.clock.advance(by: 61)
        _ = try await f.expireDue()
        #expect(try await f.events(MatchExpired.self).count == 24)
        for request in requests { #expect(try await f.status(of: request) == .unmatched) }
        #expect(try await f.expireDue().next == nil)
        try await f.checkInvariants()
        await f.tearDown()
    }

    @Test("an answer sent after the deadline, before the scheduler ran, expires the proposal and is refused")
    func lateAnswer() async throws {
        let f = try await MatchingFixture.make { $0.responseWindow = 60 }
        try await f.register(f.provider())
        let request = try await f.submit(f.request())
        let proposal = try await f.pendingProposal(of: request.requestId)
        f.clock.advance(by: 120)
        try await f.accept(proposal)
        #expect(try await f.proposals(of: request.requestId).first?.status == .expired)
        #expect(try await f.events(MatchCommandRefused.self).first?.data.currentState == "expired")
        #expect(try await f.status(of: request.requestId) == .unmatched)
        try await f.checkInvariants()
        await f.tearDown()
    }
}
