import Contracts
import Foundation
import Messaging
import Postgres

/// The `notifications.messages` table: one row per causing event, template, recipient and channel
/// (the unique key, so a redelivered event or a second replica adds nothing), with its status.
enum MessageStore {
    /// The NOTIFY channel that wakes the delivery worker when messages are queued.
    static let wakeChannel = "notifications_messages"

    /// Queues `template` for `recipient`: one pending row per channel its contact preferences name;
    /// a single unrouted row (no channel) when its contacts are not known yet; a `skipped` row when
    /// it takes no channel for this message. Returns the number of rows added.
    @discardableResult
    static func enqueue(_ template: MessageTemplate, cause: UUID, recipientID: UUID, kind: PartyKind, recipient: Recipient?,
                        requestID: UUID?, facts: MessageFacts, trace: String? = nil,
                        on connection: PostgresConnection) async throws -> Int {
        let factsJSON = try PostgresJSON(facts, encoder: EventCoding.encoder)
        guard let recipient else {
            return try await insert(template, cause: cause, recipient: recipientID, kind: kind, request: requestID,
                                    facts: factsJSON, channel: nil, status: .pending, note: nil, trace: trace, on: connection)
        }
        let deliveries = ChannelRouting.deliveries(for: recipient, template: template, only: facts.onePerson)
        guard !deliveries.isEmpty else {
            return try await insert(template, cause: cause, recipient: recipientID, kind: kind, request: requestID,
                                    facts: factsJSON, channel: nil, status: .skipped,
                                    note: "no contact person takes a channel for this message", trace: trace, on: connection)
        }
        var added = 0
        for delivery in deliveries {
            added += try await insert(template, cause: cause, recipient: recipientID, kind: kind, request: requestID,
                                      facts: factsJSON, channel: delivery.channel, status: .pending, note: nil, trace: trace,
                                      on: connection)
        }
        return added
    }

    /// Turns an unrouted message into one pending row per channel (same id-less key plus the channel)
    /// and marks it `routed`, or `skipped` when no channel applies.
    static func route(_ message: QueuedMessage, recipient: Recipient, on connection: PostgresConnection) async throws {
        let deliveries = ChannelRouting.deliveries(for: recipient, template: message.template, only: message.facts.onePerson)
        guard !deliveries.isEmpty else {
            try await setStatus(.skipped, of: message.id, note: "no contact person takes a channel for this message", on: connection)
            return
        }
        let factsJSON = try PostgresJSON(message.facts, encoder: EventCoding.encoder)
        for delivery in deliveries {
            try await insert(message.template, cause: message.causeEventID, recipient: message.recipientPartyID,
                             kind: message.recipientKind, request: message.requestID, facts: factsJSON,
                             channel: delivery.channel, status: .pending, note: nil, trace: message.trace?.header,
                             on: connection)
        }
        try await setStatus(.routed, of: message.id, note: nil, on: connection)
    }

    /// The next due pending message (the columns ``QueuedMessage/init(row:)`` reads), locked for this transaction (`SKIP LOCKED`: replicas share the work).
    static func claimNext(on connection: PostgresConnection) async throws -> PostgresRow? {
        try await connection.query("""
            SELECT id, template, cause_event_id, recipient_party_id, recipient_kind, request_id, facts, channel, attempts,
                   traceparent, EXTRACT(EPOCH FROM (now() - created_at))::float8 AS age
            FROM notifications.messages
            WHERE status = \(MessageStatus.pending.rawValue) AND next_attempt_at <= now()
            ORDER BY next_attempt_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).first
    }

    /// Seconds until the earliest pending message is due (`nil` when none is pending).
    static func secondsUntilNextDue(on pool: PostgresPool) async throws -> Double? {
        try await pool.query("""
            SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - now()))::float8 AS wait
            FROM notifications.messages WHERE status = \(MessageStatus.pending.rawValue)
            """).first?.decode(Double?.self, column: "wait")
    }

    static func markSent(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages
            SET status = \(MessageStatus.sent.rawValue), sent_at = now(), attempts = attempts + 1, last_error = NULL
            WHERE id = \(id)
            """)
    }

    static func markFailed(_ id: UUID, reason: String, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages
            SET status = \(MessageStatus.failed.rawValue), attempts = attempts + 1, last_error = \(reason)
            WHERE id = \(id)
            """)
    }

    /// Counts a failed attempt and puts the message back in the queue after `delay`.
    static func retry(_ id: UUID, after delay: Duration, error: String, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages
            SET attempts = attempts + 1, last_error = \(error),
                next_attempt_at = now() + make_interval(secs => \(delay.seconds))
            WHERE id = \(id)
            """)
    }

    /// Looks at the message again after `delay` without counting an attempt (its data is not there yet).
    static func postpone(_ id: UUID, by delay: Duration, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages SET next_attempt_at = now() + make_interval(secs => \(delay.seconds)) WHERE id = \(id)
            """)
    }

    static func wake(_ connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_notify(\(wakeChannel), '')")
    }

    private static func setStatus(_ status: MessageStatus, of id: UUID, note: String?, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE notifications.messages SET status = \(status.rawValue), last_error = \(note) WHERE id = \(id)
            """)
    }

    @discardableResult
    private static func insert(_ template: MessageTemplate, cause: UUID, recipient: UUID, kind: PartyKind, request: UUID?,
                               facts: PostgresJSON, channel: ContactChannel?, status: MessageStatus, note: String?,
                               trace: String?, on connection: PostgresConnection) async throws -> Int {
        let added = try await connection.execute("""
            INSERT INTO notifications.messages (id, template, cause_event_id, recipient_party_id, recipient_kind, request_id,
                                                facts, channel, status, last_error, traceparent)
            VALUES (\(UUID()), \(template.rawValue), \(cause), \(recipient), \(kind.rawValue), \(request), \(facts),
                    \(channel?.rawValue), \(status.rawValue), \(note), \(trace))
            ON CONFLICT ON CONSTRAINT messages_once DO NOTHING
            """)
        if added > 0 && status == .pending { try await wake(connection) }
        return added
    }
}
