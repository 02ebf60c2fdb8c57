/// Where a message row stands (`notifications.messages.status`).
///
/// ```
/// pending ──send──▶ sent
///    │ └──retries run out / permanent failure──▶ failed
///    ├──(no channel yet) routed: one pending row per channel was made from it
///    └──(no channel yet) skipped: the recipient takes no channel for this message
/// ```
enum MessageStatus: String, Sendable, CaseIterable {
    case pending
    case routed
    case skipped
    case sent
    case failed
}
