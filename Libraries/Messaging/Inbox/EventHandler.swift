import Contracts
import Kafka
import Logging
import Postgres

/// A service's reaction to the events it consumes. Called inside the batch transaction: every write
/// made through `context.connection` (and every event appended to `context.outbox`) commits together
/// with the inbox row that marks the event as done.
public protocol EventHandler: Sendable {
    /// Applies one event. Throw ``EventRejection`` for an event that must go to the dead-letter topic;
    /// a transient ``PostgresError`` makes the whole batch retry.
    func handle(_ event: IncomingEvent, in context: HandlerContext) async throws

    /// A tombstone (null value) for `key` on a compacted topic: erase what is stored for the key.
    /// Must be idempotent (tombstones carry no event id). The default ignores tombstones.
    func handleTombstone(topic: String, key: String, in context: HandlerContext) async throws
}

extension EventHandler {
    public func handleTombstone(topic: String, key: String, in context: HandlerContext) async throws {}
}

/// What a handler gets besides the event.
public struct HandlerContext: Sendable {
    /// The batch transaction's connection.
    public let connection: PostgresConnection
    /// The service's outbox, for events this one causes.
    public let outbox: Outbox
    /// The Kafka message the event came in (topic, partition, offset, key).
    public let message: KafkaIncomingMessage
    public let logger: Logger

    public init(connection: PostgresConnection, outbox: Outbox, message: KafkaIncomingMessage, logger: Logger) {
        self.connection = connection
        self.outbox = outbox
        self.message = message
        self.logger = logger
    }
}
