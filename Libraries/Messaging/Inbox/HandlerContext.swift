import Contracts
import Foundation
import Kafka
import Logging
import Postgres

/// What a handler function gets besides the event: the batch transaction's connection, the message
/// it came in, a logger naming the event, and ``emit(_:subject:correlationID:time:)`` for the events
/// it causes. Everything written here commits together with the inbox row that marks the event done.
public struct HandlerContext: Sendable {
    /// The batch transaction's connection.
    public let connection: PostgresConnection
    /// The Kafka message the event came in (topic, partition, offset, key).
    public let message: KafkaIncomingMessage
    /// Carries the event's id, type and correlation id; the trace id comes from ``TraceParent/current``.
    public let logger: Logger
    /// Emits into the service's outbox as caused by the event being handled.
    public let emitter: EventEmitter

    init(connection: PostgresConnection, message: KafkaIncomingMessage, logger: Logger, emitter: EventEmitter) {
        self.connection = connection
        self.message = message
        self.logger = logger
        self.emitter = emitter
    }

    /// The trace of the event being handled (a fresh trace when it came without a valid one); also
    /// ``TraceParent/current`` while the handler runs. Store it with work done later (a queued
    /// message) so that work continues the same trace.
    public var trace: TraceParent { emitter.trace }

    /// Writes `payload` as an event into the service's outbox, in this transaction: `source` is the
    /// service, `causationid` the handled event's id, `correlationid` the handled event's correlation
    /// id (unless `correlationID` is given), `traceparent` the handled event's trace with a new span
    /// id, `subject` the payload's (unless `subject` is given). Returns the event written.
    @discardableResult
    public func emit<Payload: EventPayload>(_ payload: Payload, subject: String? = nil, correlationID: String? = nil,
                                            time: Date = Date()) async throws -> CloudEvent<Payload> {
        try await emitter.emit(payload, subject: subject, correlationID: correlationID, time: time, on: connection)
    }
}
