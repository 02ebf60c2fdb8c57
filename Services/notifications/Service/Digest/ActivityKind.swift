/// What the weekly digest counts (`notifications.activity.kind`).
enum ActivityKind: String, Sendable, CaseIterable, Codable {
    /// `request.submitted`
    case requestReceived
    /// `match.screened`
    case screened
    /// `match.proposed` (a proposal made to a provider)
    case matched
    /// `match.assigned`
    case assigned
    /// `match.completed`
    case completed
    /// `match.expired` (a proposal waited past its response window)
    case waitingPastWindow
    /// `certification.step-changed` to `certified` with a number
    case certificateIssued
    /// `certification.reminder-due` of kind `expiry`
    case certificateExpiring
}
