import Foundation
import Kafka
import Logging
import Metrics
import Postgres
import Synchronization

/// Publishes a schema's outbox to Kafka: wakes on `NOTIFY`, takes up to `batchSize` unpublished rows
/// in `seq` order, sends them with the idempotent producer, and marks them published only after
/// their delivery reports — all in one transaction.
///
/// Several replicas are safe: a transaction-scoped advisory lock lets one relay publish a batch at a
/// time, which also keeps each aggregate's events in order. A relay that dies mid-batch rolls its
/// transaction back; the rows stay unpublished and the next batch (of any replica) sends them again.
/// The broker may then hold a message twice; consumers drop the copy by event id (inbox).
///
/// The producer is a ``KafkaProducerSupervisor``: when it fails for good (fatal error, fenced), the
/// supervisor replaces it, and the next pass sends the undelivered rows again, in order, on the new
/// one. ``progress`` tells the health probes whether rows are waiting and when the relay last moved.
///
/// A ``Worker``: each pass publishes one batch and asks for the next at once when the batch was
/// full, else sleeps until woken by `NOTIFY` (or ``Configuration/idleRecheck``).
public struct OutboxRelay: Worker {
    /// Tuning.
    public struct Configuration: Sendable {
        public var schema: String
        public var batchSize: Int = 500
        /// Safety net when a notification was missed (notifications are the normal wake-up).
        public var idleRecheck: Duration = .seconds(30)
        /// Published rows older than this are deleted.
        public var retainPublished: Duration = .seconds(7 * 24 * 3600)
        public var retry = RetryPolicy()
        /// Applied to each row's topic when publishing.
        public var naming = TopicNaming()

        public init(schema: String) {
            self.schema = schema
        }
    }

    /// Outcome of one pass, for tests and logs.
    public enum PassResult: Sendable, Equatable {
        /// Rows sent and marked.
        case published(Int)
        /// Another relay holds the outbox lock.
        case busyElsewhere
    }

    let configuration: Configuration
    let pool: PostgresPool
    let postgres: PostgresConfiguration
    let producer: KafkaProducerSupervisor
    public let logger: Logger
    /// What the relay reports about itself (pending rows, last progress, last error) for the probes.
    public let progress: Progress
    /// Test hook: runs after the batch was sent and before it is marked (a relay "killed" here).
    let afterSend: (@Sendable ([Int64]) async throws -> Void)?
    /// When published rows were last deleted.
    private let lastCleanup = CleanupTime()

    public init(configuration: Configuration, pool: PostgresPool, postgres: PostgresConfiguration,
                producer: KafkaProducerSupervisor, logger: Logger,
                afterSend: (@Sendable ([Int64]) async throws -> Void)? = nil) {
        self.configuration = configuration
        self.pool = pool
        self.postgres = postgres
        self.producer = producer
        self.afterSend = afterSend
        self.progress = Progress()
        var logger = logger
        logger[metadataKey: "component"] = "outbox-relay"
        self.logger = logger
    }

    /// Woken by `NOTIFY` on the schema's outbox channel.
    public var settings: WorkerSettings {
        WorkerSettings(name: "outbox-relay",
                       notifications: .init(postgres: postgres, channels: [MessagingTables.outboxChannel(schema: configuration.schema)]),
                       idleRecheck: configuration.idleRecheck, retry: configuration.retry)
    }

    /// Publishes a batch; at once again after a full one. Every ten minutes of passes, published rows
    /// older than ``Configuration/retainPublished`` are deleted.
    public func pass() async throws -> NextPass {
        if case .published(let count) = try await publishOnce(), count == configuration.batchSize { return .now }
        if lastCleanup.isDue(every: .seconds(600)) { try await deletePublished() }
        return .whenWoken
    }

    /// One pass: lock, read a batch, send it, mark the delivered prefix. Public for tests and for
    /// `otopctl` (a one-off drain).
    @discardableResult
    public func publishOnce() async throws -> PassResult {
        let outcome: PassOutcome
        do {
            outcome = try await pass()
        } catch {
            progress.failed(error)
            throw error
        }
        switch outcome.result {
        case .busyElsewhere:
            progress.idle()
        case .published(let delivered) where delivered == 0 && outcome.remaining == 0:
            progress.idle()
        case .published(let delivered):
            progress.published(delivered, remaining: outcome.remaining)
        }
        if let failure = outcome.failure {
            progress.failed(failure)
            throw failure
        }
        return outcome.result
    }

    /// One pass's result, the rows of its batch left unpublished, and the failure that stopped it.
    private struct PassOutcome {
        var result: PassResult
        var remaining = 0
        var failure: KafkaError?
    }

    /// Locks, reads, sends and marks in one transaction, which commits the marks even when a message
    /// failed (the failure is returned, and thrown by the caller after the commit).
    private func pass() async throws -> PassOutcome {
        let schema = configuration.schema
        let batchSize = configuration.batchSize
        return try await pool.withTransaction { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext(\("otop.outbox." + schema))) AS locked")
            guard try locked.first?.decode(Bool.self, column: "locked") == true else { return PassOutcome(result: .busyElsewhere) }

            let rows = try await connection.query("""
                SELECT seq, topic, message_key, payload, headers::text AS headers
                FROM \(identifier: schema).outbox
                WHERE published_at IS NULL
                ORDER BY seq
                LIMIT \(batchSize)
                """)
            guard !rows.isEmpty else { return PassOutcome(result: .published(0)) }
            progress.reading(rows: rows.count)
            var seqs: [Int64] = []
            var messages: [KafkaOutgoingMessage] = []
            seqs.reserveCapacity(rows.count)
            messages.reserveCapacity(rows.count)
            for row in rows {
                seqs.append(try row.decode(Int64.self, column: "seq"))
                let headers = try parseHeaders(row.decode(String.self, column: "headers"))
                messages.append(KafkaOutgoingMessage(
                    topic: configuration.naming.physical(try row.decode(String.self, column: "topic")),
                    key: try row.decode([UInt8]?.self, column: "message_key"),
                    value: try row.decode([UInt8]?.self, column: "payload") ?? [],
                    headers: headers))
            }
            let results = await producer.send(messages)
            // Mark the delivered prefix only: a failed message and everything after it are sent
            // again in order on the next pass (duplicates are dropped by consumers' inboxes).
            let delivered = results.prefix { if case .success = $0 { true } else { false } }.count
            var failure: KafkaError?
            if delivered < results.count, case .failure(let error) = results[delivered] {
                failure = error
                logger.warning("outbox message not delivered; will resend", metadata: [
                    "seq": "\(seqs[delivered])", "topic": "\(messages[delivered].topic)", "error": "\(error)"])
            }
            if let afterSend { try await afterSend(Array(seqs.prefix(delivered))) }
            if delivered > 0 {
                try await connection.execute("""
                    UPDATE \(identifier: schema).outbox SET published_at = now()
                    WHERE seq = ANY(\(Array(seqs.prefix(delivered))))
                    """)
            }
            Counter(label: "otop_outbox_published_total", dimensions: [("schema", schema)]).increment(by: delivered)
            return PassOutcome(result: .published(delivered), remaining: rows.count - delivered, failure: failure)
        }
    }

    private func deletePublished() async throws {
        let seconds = Int(configuration.retainPublished.components.seconds)
        let deleted = try await pool.execute("""
            DELETE FROM \(identifier: configuration.schema).outbox
            WHERE published_at < now() - make_interval(secs => \(seconds))
            """)
        if deleted > 0 { logger.info("deleted old published outbox rows", metadata: ["rows": "\(deleted)"]) }
    }

    private func parseHeaders(_ json: String) throws -> [KafkaHeader] {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String] else { return [] }
        return object.sorted { $0.key < $1.key }.map { KafkaHeader(key: $0.key, value: Array($0.value.utf8)) }
    }
}

/// When the relay last deleted old published rows (a relay's passes run one at a time).
private final class CleanupTime: Sendable {
    private let last = Mutex(ContinuousClock.now)

    /// Whether `interval` has passed since the last cleanup; if so, the cleanup counts as done now.
    func isDue(every interval: Duration) -> Bool {
        last.withLock { last in
            guard ContinuousClock.now - last > interval else { return false }
            last = .now
            return true
        }
    }
}
