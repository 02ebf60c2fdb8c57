import CodeSealing
import Foundation
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import ServiceRuntime

/// Processes the LINE webhook's stored events after the webhook has answered: a text message with
/// a valid linking code links the sender's LINE account to that contact person, an unfollow unlinks
/// it everywhere; other events are only recorded. One event per transaction, taken with `SKIP
/// LOCKED` (replicas share the work), in the order they arrived; woken by the webhook's `NOTIFY`,
/// and every 30 s for events a crash left behind. The sender's id and text are cleared once processed.
struct LineWebhookProcessor: Service {
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let links: LineLinkStore
    let logger: Logger
    let now: @Sendable () -> Date
    /// Each pass's success or failure, for the probes.
    var progress = WorkerProgress()

    init(pool: PostgresPool, postgres: PostgresConfiguration, key: CodeKey, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) {
        self.pool = pool
        self.postgres = postgres
        self.links = LineLinkStore(pool: pool, key: key)
        self.logger = logger
        self.now = now
    }

    func run() async throws {
        try await NotifiedLoop.run(postgres: postgres, channels: [LineWebhookStore.wakeChannel], logger: logger) { wakeup, stopping in
            var failures = 0
            while !stopping.isSet && !Task.isCancelled {
                do {
                    _ = try await processPending()
                    progress.succeeded()
                    failures = 0
                    await wakeup.wait(timeout: .seconds(30))
                } catch {
                    progress.failed(error)
                    failures += 1
                    logger.warning("LINE webhook processing failed; retrying", metadata: ["error": "\(error)"])
                    await wakeup.wait(timeout: RetryPolicy().delay(attempt: failures))
                }
            }
        }
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
            let outcome: LineLinkStore.Outcome
            switch (type, user, text) {
            case ("message", let user?, let text?): outcome = try await links.link(user, text: text, now: now(), on: connection)
            case ("unfollow", let user?, _): outcome = try await links.unlink(user, now: now(), on: connection)
            default: outcome = .ignored
            }
            try await connection.execute("""
                UPDATE intake.line_webhook_events
                SET processed_at = \(now()), outcome = \(outcome.rawValue), line_user_id = NULL, message_text = NULL
                WHERE webhook_event_id = \(id)
                """)
            logger.info("LINE webhook event processed", metadata: ["webhook_event_id": "\(id)", "type": "\(type)",
                                                                  "outcome": "\(outcome.rawValue)"])
            return true
        }
    }
}
