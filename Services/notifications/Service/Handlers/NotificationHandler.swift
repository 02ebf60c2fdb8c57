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

    func register(_ routes: inout EventRoutes) {
        routes.on(ContactsUpserted.self, contactsUpserted)
        routes.onTombstone(.contacts, contactsErased)
        routes.on(RequestSubmitted.self, requestSubmitted)
        routes.on(MatchProposed.self, matchProposed)
        routes.on(MatchUnavailable.self, matchUnavailable)
    }

    private func contactsUpserted(_ event: CloudEvent<ContactsUpserted>, _ context: HandlerContext) async throws {
        let party = event.data
        try await context.connection.execute("""
            INSERT INTO notifications.recipients (party_id, party_kind, party_name, contacts, updated_at)
            VALUES (\(party.partyId), \(party.partyKind.rawValue), \(party.partyName), \(try PostgresJSON(party.contacts)), now())
            ON CONFLICT (party_id) DO UPDATE SET party_kind = EXCLUDED.party_kind, party_name = EXCLUDED.party_name,
                contacts = EXCLUDED.contacts, updated_at = now()
            """)
        try await context.connection.execute("DELETE FROM notifications.erased_parties WHERE party_id = \(party.partyId)")
        try await wake(context.connection)
    }

    /// PDPA erasure: the party's contact persons are dropped (messages keep no addresses), and the
    /// erasure is remembered so the delivery worker fails the party's messages instead of waiting for
    /// contacts that will not come; the worker is woken for the messages already waiting.
    private func contactsErased(_ key: String, _ context: HandlerContext) async throws {
        guard let party = UUID(uuidString: key) else { return }
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

    private func requestSubmitted(_ event: CloudEvent<RequestSubmitted>, _ context: HandlerContext) async throws {
        let request = event.data
        try await context.connection.execute("""
            INSERT INTO notifications.requests (id, reference, enterprise_id, product_name, product_type, service_areas,
                target_standard, province_code, description, submitted_at)
            VALUES (\(request.requestId), \(request.reference), \(request.enterpriseId), \(request.productName),
                \(request.productType.rawValue), \(request.serviceAreas.map(\.rawValue)), \(request.targetStandard?.rawValue),
                \(request.provinceCode), \(request.description), \(request.submittedAt))
            ON CONFLICT (id) DO NOTHING
            """)
        try await enqueue(.requestReceived, cause: event.header, recipient: request.enterpriseId, kind: .enterprise,
                          request: request.requestId, params: MessageParams(), context: context)
    }

    private func matchProposed(_ event: CloudEvent<MatchProposed>, _ context: HandlerContext) async throws {
        let proposal = event.data
        try await enqueue(.proposalToProvider, cause: event.header, recipient: proposal.providerId, kind: .provider,
                          request: proposal.requestId,
                          params: MessageParams(score: proposal.score.total, criteria: proposal.score.criteria,
                                                respondBy: proposal.respondBy),
                          context: context)
    }

    private func matchUnavailable(_ event: CloudEvent<MatchUnavailable>, _ context: HandlerContext) async throws {
        let unmatched = event.data
        try await enqueue(.requestUnmatched, cause: event.header, recipient: unmatched.enterpriseId, kind: .enterprise,
                          request: unmatched.requestId, params: MessageParams(reason: unmatched.reason), context: context)
    }

    /// Queues a message; it keeps the event's trace so the delivery (its log lines and its
    /// delivered/failed event) continues that trace.
    private func enqueue(_ template: MessageTemplate, cause: EventHeader, recipient: UUID, kind: PartyKind, request: UUID?,
                         params: MessageParams, context: HandlerContext) async throws {
        try await context.connection.execute("""
            INSERT INTO notifications.messages (id, template, cause_event_id, recipient_party_id, recipient_kind, request_id, params,
                traceparent)
            VALUES (\(UUID()), \(template.rawValue), \(cause.id), \(recipient), \(kind.rawValue), \(request),
                \(try PostgresJSON(params, encoder: EventCoding.encoder)), \(context.trace.header))
            ON CONFLICT (cause_event_id, template, recipient_party_id) DO NOTHING
            """)
        try await wake(context.connection)
    }

    private func wake(_ connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_notify(\(Self.wakeChannel), '')")
    }
}
