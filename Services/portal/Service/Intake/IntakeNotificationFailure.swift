import Domain
import Foundation

/// A message that failed for good (`GET /v1/notification-failures`, A7): what, to whom (a name, never
/// an address), why, and how an officer resolved it.
struct IntakeNotificationFailure: Decodable, Sendable {
    var id: UUID
    var template: String
    var channel: String?
    var recipientPartyId: UUID
    var recipientPartyKind: String
    var recipientName: String?
    var requestId: UUID?
    var requestReference: String?
    var region: String?
    var reason: String
    var attempts: Int
    var failedAt: Date
    var resolvedAt: Date?
    var resolvedBy: String?
    var resolution: String?

    /// The recipient's page in the portal (where its contacts are corrected), if it has one.
    var recipientPath: String? {
        switch recipientPartyKind {
        case "enterprise": "/enterprises/\(recipientPartyId.lowercased)"
        case "provider": "/providers/\(recipientPartyId.lowercased)"
        default: nil
        }
    }
}
