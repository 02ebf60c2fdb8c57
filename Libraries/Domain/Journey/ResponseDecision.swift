/// A provider's answer to a proposal.
public enum ResponseDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case accept
    case decline
}
