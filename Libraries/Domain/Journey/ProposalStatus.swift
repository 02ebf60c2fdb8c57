/// Where one proposal (a provider offered one request) stands.
public enum ProposalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sent to the provider; waits for an answer until its response deadline.
    case pending
    /// The provider accepted; waits for the enterprise's confirmation.
    case accepted
    /// The enterprise confirmed: the proposal became the request's assignment.
    case confirmed
    /// The provider declined, with a reason.
    case declined
    /// The response deadline passed without an answer.
    case expired
    /// Withdrawn (by the enterprise, an officer, or because another proposal was accepted first).
    case withdrawn

    /// No further transition.
    public var isClosed: Bool { self != .pending && self != .accepted }

    /// The Thai label shown to providers, enterprises and officers.
    public var nameTH: String {
        switch self {
        case .pending: "รอผู้ให้บริการตอบรับ"
        case .accepted: "ผู้ให้บริการตอบรับแล้ว รอวิสาหกิจยืนยัน"
        case .confirmed: "วิสาหกิจยืนยันแล้ว"
        case .declined: "ผู้ให้บริการปฏิเสธ"
        case .expired: "หมดเวลาตอบรับ"
        case .withdrawn: "ถอนข้อเสนอแล้ว"
        }
    }

    /// The English label.
    public var nameEN: String {
        switch self {
        case .pending: "Awaiting the provider's answer"
        case .accepted: "Accepted by the provider, awaiting the enterprise's confirmation"
        case .confirmed: "Confirmed by the enterprise"
        case .declined: "Declined by the provider"
        case .expired: "No answer in time"
        case .withdrawn: "Withdrawn"
        }
    }
}
