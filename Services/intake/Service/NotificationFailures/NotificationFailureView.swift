import Contracts
import Domain
import Foundation
import Postgres

/// A message that failed for good as officers see it: what, to whom (by name; never an address or
/// phone, which the contact page shows), why, and how an officer resolved it.
struct NotificationFailureView: Codable, Sendable {
    /// The notification's id.
    var id: UUID
    var template: String
    var channel: String?
    var recipientPartyId: UUID
    var recipientPartyKind: String
    /// The enterprise's, provider's or officers' office's current name (absent once erased).
    var recipientName: String?
    var requestId: UUID?
    var requestReference: String?
    var region: Region?
    var reason: String
    var attempts: Int
    var failedAt: Date
    var resolvedAt: Date?
    /// The name of the client that resolved it.
    var resolvedBy: String?
    var resolution: String?

    /// What ``init(row:)`` reads, from `intake.notification_failures f` joined with the parties,
    /// the request and the resolving client.
    static let selection: StaticString = """
        SELECT f.notification_id, f.template, f.channel, f.recipient_party_id, f.recipient_party_kind,
               COALESCE(e.name, p.name, c.party_name) AS recipient_name, f.request_id, r.reference AS request_reference,
               f.region, f.reason, f.attempts, f.failed_at, f.resolved_at, a.name AS resolved_by_name, f.resolution,
               f.failed_at::text AS position
        FROM intake.notification_failures f
        LEFT JOIN intake.enterprises e ON e.id = f.recipient_party_id
        LEFT JOIN intake.providers p ON p.id = f.recipient_party_id
        LEFT JOIN intake.contacts c ON c.party_id = f.recipient_party_id
        LEFT JOIN intake.requests r ON r.id = f.request_id
        LEFT JOIN intake.api_clients a ON a.id = f.resolved_by
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "notification_id")
        template = try row.decode(String.self, column: "template")
        channel = try row.decode(String?.self, column: "channel")
        recipientPartyId = try row.decode(UUID.self, column: "recipient_party_id")
        recipientPartyKind = try row.decode(PartyKind.self, column: "recipient_party_kind").rawValue
        recipientName = try row.decode(String?.self, column: "recipient_name")
        requestId = try row.decode(UUID?.self, column: "request_id")
        requestReference = try row.decode(String?.self, column: "request_reference")
        region = try row.decode(Region?.self, column: "region")
        reason = try row.decode(String.self, column: "reason")
        attempts = try row.decode(Int.self, column: "attempts")
        failedAt = try row.decode(Date.self, column: "failed_at")
        resolvedAt = try row.decode(Date?.self, column: "resolved_at")
        resolvedBy = try row.decode(String?.self, column: "resolved_by_name")
        resolution = try row.decode(String?.self, column: "resolution")
    }
}
