import CRdKafka

/// An error from the Kafka layer: what failed (`operation`), librdkafka's error `code`, its message,
/// and how a caller should react (`isFatal`: the client is unusable and must be recreated;
/// `isRetriable`: the same operation may succeed when tried again).
public struct KafkaError: Error, Sendable, CustomStringConvertible {
    /// librdkafka's error code (`rd_kafka_resp_err_t`); negative codes are local to the client,
    /// positive ones come from the broker.
    public var code: Code
    /// librdkafka's (or this layer's) human-readable explanation.
    public var message: String
    /// What this layer was doing, for example `produce to otop.requests`, `create topic otop.matches`,
    /// `store offsets`.
    public var operation: String
    /// The client hit a fatal error (for example the idempotent producer lost its guarantees);
    /// nothing more will succeed on it.
    public var isFatal: Bool
    /// Trying the same operation again later may succeed (timeouts, broker unavailable, queue full).
    public var isRetriable: Bool

    /// Creates an error; `isRetriable` defaults to the classification of `code`.
    public init(code: Code, message: String, operation: String, isFatal: Bool = false, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message
        self.operation = operation
        self.isFatal = isFatal
        self.isRetriable = isRetriable ?? (!isFatal && code.isRetriableByDefault)
    }

    /// Nothing more will succeed on the producer that returned this error, and a new producer will:
    /// a fatal error (`isFatal`), or the broker fenced the producer's id and epoch
    /// (`PRODUCER_FENCED`, `INVALID_PRODUCER_EPOCH`). librdkafka does not raise the fence as a fatal
    /// error, yet every later message of that producer fails the same way (see docs/kafka.md).
    public var requiresNewProducer: Bool {
        isFatal || code == .producerFenced || code == .invalidProducerEpoch
    }

    /// `<operation> failed: <CODE_NAME> (<code>): <message>` plus `[fatal]` / `[retriable]`.
    public var description: String {
        var text = "\(operation) failed: \(code.name) (\(code.rawValue)): \(message)"
        if isFatal { text += " [fatal]" }
        if isRetriable { text += " [retriable]" }
        return text
    }
}

extension KafkaError {
    /// An error from a librdkafka error code, with librdkafka's message for it unless one is given.
    init(_ code: rd_kafka_resp_err_t, operation: String, message: String? = nil, isFatal: Bool = false) {
        let code = Code(code)
        self.init(code: code, message: message ?? code.librdkafkaMessage, operation: operation, isFatal: isFatal)
    }

    /// The error every call on a client returns once it was shut down or closed.
    static func clientClosed(_ operation: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__DESTROY, operation: operation, message: "the client was shut down")
    }
}
