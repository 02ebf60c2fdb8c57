/// A party's action on a request's journey (each arrives at matching as a command event), with the
/// request states from which it can ever succeed. Intake answers 409 when its read model shows a
/// state outside these; matching decides with the state machine on its own rows.
public enum JourneyCommand: String, Sendable, Hashable, CaseIterable {
    case screen
    case withdrawRequest
    case acceptProposal
    case declineProposal
    case confirmProposal
    case withdrawProposal
    case reportWork
    case confirmCompletion
    case rate
    case withdrawAssignment
    case assignManually

    /// The request transition the command causes (`nil` for a rating, which changes no state).
    public var transition: RequestStatus.Transition? {
        switch self {
        case .screen: .screenedEligible
        case .withdrawRequest: .withdrawn
        case .acceptProposal: .accepted
        case .declineProposal, .withdrawProposal: .proposalsClosed
        case .confirmProposal: .confirmed
        case .reportWork: .workReported
        case .confirmCompletion: .completed
        case .rate: nil
        case .withdrawAssignment: .assignmentWithdrawn(rematch: false)
        case .assignManually: .assignedManually
        }
    }

    /// The proposal transition the command causes, for commands on a proposal.
    public var proposalTransition: ProposalStatus.Transition? {
        switch self {
        case .acceptProposal: .accept
        case .declineProposal: .decline
        case .confirmProposal: .confirm
        case .withdrawProposal: .withdraw
        default: nil
        }
    }

    /// Whether a request in `status` can take this command. `submitted` counts as "matching may
    /// have moved on already" for the commands matching applies right after submission (a read
    /// model lags behind matching).
    public func permits(_ status: RequestStatus) -> Bool {
        switch self {
        case .rate: return status == .completed
        case .acceptProposal, .declineProposal: return status == .proposed
        default:
            if transition?.sources.contains(status) == true { return true }
            return status == .submitted && self == .assignManually
        }
    }

    /// The refusal intake gives when its read model shows `status`.
    public func refusal(for status: RequestStatus) -> JourneyRefusal {
        let action = transition.map(\.description) ?? "be rated"
        let why = status.isTerminal && self != .rate ? "the request is \(status.rawValue), which is final"
                                    : "a request that is \(status.rawValue) cannot \(action)"
        return JourneyRefusal(currentState: status.rawValue, reason: why)
    }
}
