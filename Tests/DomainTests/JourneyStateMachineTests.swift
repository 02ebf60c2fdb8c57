import Domain
import Testing

@Suite("The journey's state machine")
struct JourneyStateMachineTests {
    typealias Transition = RequestStatus.Transition

    /// Every transition once, from each state it may leave, with the state it reaches.
    static let legal: [(RequestStatus, Transition, RequestStatus)] = [
        (.submitted, .screeningRequired, .awaitingScreening),
        (.awaitingScreening, .screenedEligible, .matching),
        (.submitted, .screenedEligible, .matching),
        (.awaitingScreening, .screenedNotEligible, .notEligible),
        (.matching, .proposed, .proposed),
        (.unmatched, .proposed, .proposed),
        (.waitlisted, .proposed, .proposed),
        (.proposed, .proposed, .proposed),
        (.matching, .parked, .unmatched),
        (.matching, .waitlisted, .waitlisted),
        (.proposed, .accepted, .accepted),
        (.proposed, .proposalsClosed, .matching),
        (.accepted, .proposalsClosed, .matching),
        (.accepted, .confirmed, .assigned),
        (.unmatched, .assignedManually, .assigned),
        (.proposed, .assignedManually, .assigned),
        (.assigned, .workReported, .workReported),
        (.workReported, .completed, .completed),
        (.assigned, .assignmentWithdrawn(rematch: true), .matching),
        (.workReported, .assignmentWithdrawn(rematch: false), .withdrawn),
        (.accepted, .withdrawn, .withdrawn),
        (.assigned, .withdrawn, .withdrawn),
        (.unmatched, .withdrawn, .withdrawn),
    ]

    @Test("every legal transition reaches its state")
    func legalTransitions() throws {
        for (from, transition, to) in Self.legal {
            #expect(try from.applying(transition) == to, "\(from) --\(transition)-->")
        }
    }

    @Test("illegal transitions are refused naming the current state",
          arguments: [(RequestStatus.completed, Transition.withdrawn), (.withdrawn, .proposed), (.notEligible, .screenedEligible),
                      (.proposed, .confirmed), (.assigned, .completed), (.accepted, .accepted), (.matching, .screenedEligible),
                      (.awaitingScreening, .proposed), (.completed, .assignmentWithdrawn(rematch: true))])
    func illegalTransitions(_ from: RequestStatus, _ transition: Transition) {
        #expect(throws: JourneyRefusal.self) { try from.applying(transition) }
        do {
            _ = try from.applying(transition)
        } catch {
            #expect(error.currentState == from.rawValue)
            #expect(error.reason.contains(from.rawValue))
        }
    }

    @Test("terminal states allow no transition at all")
    func terminalStates() {
        let all: [Transition] = [.screeningRequired, .screenedEligible, .screenedNotEligible, .proposed, .parked, .waitlisted,
                                 .accepted, .proposalsClosed, .confirmed, .assignedManually, .workReported, .completed,
                                 .assignmentWithdrawn(rematch: true), .withdrawn]
        for state in RequestStatus.allCases where state.isTerminal {
            for transition in all {
                #expect(throws: JourneyRefusal.self) { try state.applying(transition) }
            }
        }
    }

    @Test("rating: once, and only after completion")
    func rating() throws {
        try RequestStatus.completed.checkRating(alreadyRated: false)
        #expect(throws: JourneyRefusal(currentState: "rated", reason: "the work was already rated")) {
            try RequestStatus.completed.checkRating(alreadyRated: true)
        }
        #expect(throws: JourneyRefusal.self) { try RequestStatus.workReported.checkRating(alreadyRated: false) }
    }

    @Test("proposals: pending → accepted → confirmed; declined, expired and withdrawn are final")
    func proposals() throws {
        #expect(try ProposalStatus.pending.applying(.accept) == .accepted)
        #expect(try ProposalStatus.pending.applying(.decline) == .declined)
        #expect(try ProposalStatus.pending.applying(.expire) == .expired)
        #expect(try ProposalStatus.accepted.applying(.withdraw) == .withdrawn)
        #expect(try ProposalStatus.accepted.applying(.confirm) == .confirmed)
        for closed in [ProposalStatus.declined, .expired, .withdrawn, .confirmed] {
            for transition in ProposalStatus.Transition.allCases {
                #expect(throws: JourneyRefusal.self) { try closed.applying(transition) }
            }
            #expect(!closed.holdsCapacity)
        }
        // Accepting an expired proposal names "expired".
        #expect(throws: JourneyRefusal(currentState: "expired", reason: "the proposal is expired, which is final")) {
            try ProposalStatus.expired.applying(.accept)
        }
        #expect(throws: JourneyRefusal.self) { try ProposalStatus.pending.applying(.confirm) }
    }

    @Test("commands: intake's 409 table follows the state machine")
    func commands() {
        #expect(JourneyCommand.screen.permits(.awaitingScreening))
        #expect(JourneyCommand.screen.permits(.submitted))
        #expect(!JourneyCommand.screen.permits(.matching))
        #expect(JourneyCommand.withdrawRequest.permits(.workReported))
        #expect(!JourneyCommand.withdrawRequest.permits(.completed))
        #expect(JourneyCommand.confirmCompletion.permits(.workReported))
        #expect(!JourneyCommand.confirmCompletion.permits(.assigned))
        #expect(JourneyCommand.rate.permits(.completed))
        #expect(!JourneyCommand.rate.permits(.workReported))
        #expect(JourneyCommand.reportWork.permits(.assigned))
        #expect(JourneyCommand.withdrawAssignment.permits(.workReported))
        #expect(!JourneyCommand.withdrawAssignment.permits(.proposed))
        #expect(JourneyCommand.confirmCompletion.refusal(for: .completed).currentState == "completed")
        #expect(JourneyCommand.rate.refusal(for: .assigned).reason.contains("assigned"))
    }
}
