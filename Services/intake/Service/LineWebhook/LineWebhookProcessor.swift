import CodeSealing
import Foundation
import Logging
import Messaging
import Postgres
import ServiceRuntime

/// Processes the LINE webhook's stored events after the webhook has answered: a text message with
/// a valid linking code links the sender's LINE account to that contact person, an unfollow unlinks
/// it everywhere; other events are only recorded. One event per transaction, taken with `SKIP
/// LOCKED` (replicas share the work), in the order they arrived; woken by the webhook's `NOTIFY`,
/// and every 30 s for events a crash left behind. The sender's id and text are cleared once processed.
struct LineWebhookProcessor: Worker {
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let links: LineLinkStore
    let logger: Logger
    let clock: any WallClock
    /// Each pass's success or failure, for the probes.
    let progress = WorkerProgress()

    init(pool: PostgresPool, postgres: PostgresConfiguration, key: CodeKey, logger: Logger, clock: any WallClock = .system) {
        self.pool = pool
        self.postgres = postgres
        self.links = LineLinkStore(pool: pool, key: key)
        self.logger = logger
        self.clock = clock
    }

    var settings: WorkerSettings {
        WorkerSettings(name: "line-webhook", notifications: .init(postgres: postgres, channels: [LineWebhookStore.wakeChannel]),
                       idleRecheck: .seconds(30), clock: clock)
    }

    /// Processes every waiting event, then waits for the webhook's next `NOTIFY`.
    func pass() async throws -> NextPass {
        try await processPending()
        return .whenWoken
    }

    /// Processes every waiting event; returns how many.
    @discardableResult
    func processPending() async throws -> Int {
        var processed = 0
        while try await processOne() { processed += 1 }
        return processed
    }

    /// Processes the oldest waiting event; `false` when none waits.
    func processOne() async throws -> Bool {
        try await pool.withTransaction { connection in
            let rows = try await connection.query("""
                SELECT webhook_event_id, type, line_user_id, message_text FROM intake.line_webhook_events
                WHERE processed_at IS NULL ORDER BY received_at, webhook_event_id LIMIT 1 FOR UPDATE SKIP LOCKED
                """)
            guard let row = rows.first else { return false }
            let id = try row.decode(String.self, column: "webhook_event_id")
            let type = try row.decode(String.self, column: "type")
            let user = try row.decode(String?.self, column: "line_user_id")
            let text = try row.decode(String?.self, column: "message_text")
            let now = try await clock.now()
            let outcome: LineLinkStore.Outcome
            switch (type, user, text) {
            case ("message", let user?, let text?): outcome = try await links.link(user, text: text, now: now, on: connection)
            case ("unfollow", let user?, _): outcome = try await links.unlink(user, now: now, on: connection)
            default: outcome = .ignored
            }
            try await connection.execute("""
                UPDATE intake.line_webhook_events
                SET processed_at = \(now), outcome = \(outcome.rawValue), line_user_id = NULL, message_text = NULL
                WHERE webhook_event_id = \(id)
                """)
            logger.info("LINE webhook event processed", metadata: ["webhook_event_id": "\(id)", "type": "\(type)",
                                                                  "outcome": "\(outcome.rawValue)"])
            return true
        }
    }
}
