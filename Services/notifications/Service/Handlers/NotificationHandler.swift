import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Keeps the recipients and request copies current and turns events worth a message into
/// `pending` message rows (one per event, template and recipient: redelivery adds nothing). The
/// delivery worker sends them; a NOTIFY wakes it when the transaction commits.
struct NotificationHandler: EventHandler {
    static let wakeChannel = "notifications_messages"

    func handle(_ event: IncomingEvent, in context: HandlerContext) async throws {
        let connection = context.connection
        switch event.header.type {
        case ContactsUpserted.eventType:
            let c = try event.decode(ContactsUpserted.self).data
            try await connection.execute("""
                INSERT INTO notifications.recipients (party_id, party_kind, party_name, contacts, updated_at)
                VALUES (\(c.partyId), \(c.partyKind.rawValue), \(c.partyName), \(try PostgresJSON(c.contacts)), now())
                ON CONFLICT (party_id) DO UPDATE SET party_kind = EXCLUDED.party_kind, party_name = EXCLUDED.party_name,
                    contacts = EXCLUDED.contacts, updated_at = now()
                """)
            try await connection.execute("DELETE FROM notifications.erased_parties WHERE party_id = \(c.partyId)")
            try await wake(connection)
        case RequestSubmitted.eventType:
            let r = try event.decode(RequestSubmitted.self).data
            try await connection.execute("""
                INSERT INTO notifications.requests (id, reference, enterprise_id, product_name, product_type, service_areas,
                    target_standard, province_code, description, submitted_at)
                VALUES (\(r.requestId), \(r.reference), \(r.enterpriseId), \(r.productName), \(r.productType.rawValue),
                    \(r.serviceAreas.map(\.rawValue)), \(r.targetStandard?.rawValue), \(r.provinceCode), \(r.description),
                    \(r.submittedAt))
                ON CONFLICT (id) DO NOTHING
                """)
            try await enqueue(.requestReceived, cause: event.header, recipient: r.enterpriseId, kind: .enterprise,
                              request: r.requestId, params: MessageParams(), on: connection)
        case MatchProposed.eventType:
            let m = try event.decode(MatchProposed.self).data
            try await enqueue(.proposalToProvider, cause: event.header, recipient: m.providerId, kind: .provider,
                              request: m.requestId,
                              params: MessageParams(score: m.score.total, criteria: m.score.criteria, respondBy: m.respondBy),
                              on: connection)
        case MatchUnavailable.eventType:
            let m = try event.decode(MatchUnavailable.self).data
            try await enqueue(.requestUnmatched, cause: event.header, recipient: m.enterpriseId, kind: .enterprise,
                              request: m.requestId, params: MessageParams(reason: m.reason), on: connection)
        default:
            context.logger.debug("event type not used by notifications", metadata: ["type": "\(event.header.type)"])
        }
    }

    /// PDPA erasure: the party's contact persons are dropped (messages keep no addresses), and the
    /// erasure is remembered so the delivery worker fails the party's messages instead of waiting for
    /// contacts that will not come; the worker is woken for the messages already waiting.
    func handleTombstone(topic: String, key: String, in context: HandlerContext) async throws {
        guard topic == Topic.contacts.name, let party = UUID(uuidString: key) else { return }
        let deleted = try await context.connection.execute("DELETE FROM notifications.recipients WHERE party_id = \(party)")
        try await context.connection.execute("""
            INSERT INTO notifications.erased_parties (party_id) VALUES (\(party)) ON CONFLICT (party_id) DO NOTHING
            """)
        try await context.connection.execute("""
            UPDATE notifications.messages SET next_attempt_at = now()
            WHERE recipient_party_id = \(party) AND status = 'pending'
            """)
        try await wake(context.connection)
        context.logger.info("contacts erased", metadata: ["party_id": "\(key)", "rows": "\(deleted)"])
    }

    private func enqueue(_ template: MessageTemplate, cause: EventHeader, recipient: UUID, kind: PartyKind, request: UUID?,
                         params: MessageParams, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO notifications.messages (id, template, cause_event_id, recipient_party_id, recipient_kind, request_id, params)
            VALUES (\(UUID()), \(template.rawValue), \(cause.id), \(recipient), \(kind.rawValue), \(request), \(try PostgresJSON(params, encoder: EventCoding.encoder)))
            ON CONFLICT (cause_event_id, template, recipient_party_id) DO NOTHING
            """)
        try await wake(connection)
    }

    private func wake(_ connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_notify(\(Self.wakeChannel), '')")
    }
}
