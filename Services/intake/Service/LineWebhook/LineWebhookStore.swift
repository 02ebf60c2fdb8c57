import Foundation
import Postgres

/// The LINE webhook's events as they arrive: stored once each (the platform redelivers, and its
/// `webhookEventId` is the key), and woken processing through `NOTIFY` at commit.
struct LineWebhookStore: Sendable {
    let pool: PostgresPool

    /// The NOTIFY channel that wakes the processor.
    static let wakeChannel = "intake_line_webhook"

    /// Stores the events not seen before; returns how many were new.
    func store(_ events: [LineWebhookEvent], now: Date) async throws -> Int {
        guard !events.isEmpty else { return 0 }
        return try await pool.withTransaction { connection in
            var added = 0
            for event in events {
                added += try await connection.execute("""
                    INSERT INTO intake.line_webhook_events (webhook_event_id, type, line_user_id, message_text, occurred_at, received_at)
                    VALUES (\(event.webhookEventID), \(event.type), \(event.lineUserID), \(event.text), \(event.occurredAt), \(now))
                    ON CONFLICT (webhook_event_id) DO NOTHING
                    """)
            }
            if added > 0 { try await connection.execute("SELECT pg_notify(\(Self.wakeChannel), '')") }
            // A redelivery comes within hours; a week of ids is plenty to recognise one.
            try await connection.execute("""
                DELETE FROM intake.line_webhook_events WHERE webhook_event_id IN (
                    SELECT webhook_event_id FROM intake.line_webhook_events
                    WHERE processed_at < \(now.addingTimeInterval(-7 * 86_400)) LIMIT 100)
                """)
            return added
        }
    }
}
