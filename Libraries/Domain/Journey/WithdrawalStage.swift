/// What a withdrawal ended: the whole request, one proposal, or an assignment already confirmed.
public enum WithdrawalStage: String, Sendable, Hashable, Codable, CaseIterable {
    case request
    case proposal
    case assignment
}
