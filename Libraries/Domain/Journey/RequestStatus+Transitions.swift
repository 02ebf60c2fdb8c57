/// The request's journey as an explicit state machine: every transition, the states it may leave
/// from, and the state it reaches. Matching applies it to its own rows; intake asks it (through
/// ``JourneyCommand``) whether its read model already rules an action out.
extension RequestStatus {
    /// Something that happens to a request.
    public enum Transition: Sendable, Hashable, CustomStringConvertible {
        /// Officer screening is on: the request waits for the decision.
        case screeningRequired
        /// Screened eligible (by an officer, or by the automatic rules): matching starts.
        case screenedEligible
        /// Screened not eligible; terminal.
        case screenedNotEligible
        /// A provider was proposed (also a second proposal made in parallel).
        case proposed
        /// Nobody can take it now: parked with the reason until providers or capacity appear.
        case parked
        /// An allocation round left it out.
        case waitlisted
        /// A proposed provider accepted (the first acceptance wins).
        case accepted
        /// Its last open proposal was declined, expired or withdrawn: it is matched again.
        case proposalsClosed
        /// The enterprise confirmed the provider that accepted.
        case confirmed
        /// An officer assigned a provider by hand.
        case assignedManually
        /// The assigned provider reported the work done.
        case workReported
        /// The enterprise confirmed completion; terminal.
        case completed
        /// An officer withdrew the assignment; the request is matched again or ends withdrawn.
        case assignmentWithdrawn(rematch: Bool)
        /// The enterprise (or an officer for it) withdrew the request; terminal.
        case withdrawn

        /// The states this transition may leave from.
        public var sources: Set<RequestStatus> {
            switch self {
            case .screeningRequired: [.submitted]
            case .screenedEligible, .screenedNotEligible: [.submitted, .awaitingScreening]
            case .proposed: [.matching, .unmatched, .waitlisted, .proposed]
            case .parked: [.matching, .unmatched]
            case .waitlisted: [.matching, .unmatched, .waitlisted]
            case .accepted: [.proposed]
            case .proposalsClosed: [.proposed, .accepted]
            case .confirmed: [.accepted]
            case .assignedManually: [.matching, .unmatched, .waitlisted, .proposed, .accepted]
            case .workReported: [.assigned]
            case .completed: [.workReported]
            case .assignmentWithdrawn: [.assigned, .workReported]
            case .withdrawn: Set(RequestStatus.allCases.filter { !$0.isTerminal })
            }
        }

        /// The state reached.
        public var target: RequestStatus {
            switch self {
            case .screeningRequired: .awaitingScreening
            case .screenedEligible: .matching
            case .screenedNotEligible: .notEligible
            case .proposed: .proposed
            case .parked: .unmatched
            case .waitlisted: .waitlisted
            case .accepted: .accepted
            case .proposalsClosed: .matching
            case .confirmed, .assignedManually: .assigned
            case .workReported: .workReported
            case .completed: .completed
            case .assignmentWithdrawn(let rematch): rematch ? .matching : .withdrawn
            case .withdrawn: .withdrawn
            }
        }

        public var description: String {
            switch self {
            case .screeningRequired: "require screening"
            case .screenedEligible: "screen as eligible"
            case .screenedNotEligible: "screen as not eligible"
            case .proposed: "propose a provider"
            case .parked: "park without a provider"
            case .waitlisted: "waitlist"
            case .accepted: "accept a proposal"
            case .proposalsClosed: "close the last open proposal"
            case .confirmed: "confirm the provider"
            case .assignedManually: "assign a provider by hand"
            case .workReported: "report the work done"
            case .completed: "confirm completion"
            case .assignmentWithdrawn: "withdraw the assignment"
            case .withdrawn: "withdraw the request"
            }
        }
    }

    /// The state after `transition`, or the refusal naming this state.
    public func applying(_ transition: Transition) throws(JourneyRefusal) -> RequestStatus {
        guard transition.sources.contains(self) else {
            let why = isTerminal ? "the request is \(rawValue), which is final"
                                 : "a request that is \(rawValue) cannot \(transition)"
            throw JourneyRefusal(currentState: rawValue, reason: why)
        }
        return transition.target
    }

    /// Whether the provider's help may be rated: once, after completion.
    public func checkRating(alreadyRated: Bool) throws(JourneyRefusal) {
        guard self == .completed else {
            throw JourneyRefusal(currentState: rawValue, reason: "work can be rated only after completion was confirmed")
        }
        guard !alreadyRated else {
            throw JourneyRefusal(currentState: "rated", reason: "the work was already rated")
        }
    }
}
