/// One proposal's life as an explicit state machine: `pending` → `accepted` → `confirmed`, or
/// `declined`, `expired`, `withdrawn`.
extension ProposalStatus {
    /// Something that happens to a proposal.
    public enum Transition: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case accept
        case decline
        case expire
        case withdraw
        case confirm

        /// The states this transition may leave from.
        public var sources: Set<ProposalStatus> {
            switch self {
            case .accept, .decline, .expire: [.pending]
            case .withdraw: [.pending, .accepted]
            case .confirm: [.accepted]
            }
        }

        /// The state reached.
        public var target: ProposalStatus {
            switch self {
            case .accept: .accepted
            case .decline: .declined
            case .expire: .expired
            case .withdraw: .withdrawn
            case .confirm: .confirmed
            }
        }

        public var description: String { rawValue }
    }

    /// Whether the proposal still holds a unit of the provider's capacity.
    public var holdsCapacity: Bool { !isClosed }

    /// The state after `transition`, or the refusal naming this state.
    public func applying(_ transition: Transition) throws(JourneyRefusal) -> ProposalStatus {
        guard transition.sources.contains(self) else {
            let why = isClosed ? "the proposal is \(rawValue), which is final"
                               : "a proposal that is \(rawValue) cannot be \(transition.target.rawValue)"
            throw JourneyRefusal(currentState: rawValue, reason: why)
        }
        return transition.target
    }
}
