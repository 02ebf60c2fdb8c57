import CRdKafka

extension KafkaError {
    /// A librdkafka error code (`rd_kafka_resp_err_t`) with its symbolic name.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The numeric `rd_kafka_resp_err_t` value.
        public let rawValue: Int32

        /// Wraps a numeric `rd_kafka_resp_err_t` value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        init(_ code: rd_kafka_resp_err_t) { self.rawValue = code.rawValue }

        /// librdkafka's symbolic name without the `RD_KAFKA_RESP_ERR_` prefix, for example
        /// `_TIMED_OUT` or `UNKNOWN_TOPIC_OR_PART`.
        public var name: String { String(cString: rd_kafka_err2name(rdValue)) }

        /// The name, as in `_TIMED_OUT`.
        public var description: String { name }

        var rdValue: rd_kafka_resp_err_t { rd_kafka_resp_err_t(rawValue: rawValue) }

        var librdkafkaMessage: String { String(cString: rd_kafka_err2str(rdValue)) }

        /// A local time-out (`_TIMED_OUT`).
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// The client was shut down or closed (`_DESTROY`).
        public static let clientClosed = Code(RD_KAFKA_RESP_ERR__DESTROY)
        /// A fatal error was raised on the client (`_FATAL`).
        public static let fatal = Code(RD_KAFKA_RESP_ERR__FATAL)
        /// A configuration property or argument was refused (`_INVALID_ARG`).
        public static let invalidArgument = Code(RD_KAFKA_RESP_ERR__INVALID_ARG)
        /// The message was not delivered within `delivery.timeout.ms` (`_MSG_TIMED_OUT`).
        public static let messageTimedOut = Code(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT)
        /// The topic does not exist (`UNKNOWN_TOPIC_OR_PART`).
        public static let unknownTopicOrPartition = Code(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
        /// The broker no longer accepts this producer's id and epoch (`PRODUCER_FENCED`).
        public static let producerFenced = Code(RD_KAFKA_RESP_ERR_PRODUCER_FENCED)
        /// The producer used an epoch the broker considers stale (`INVALID_PRODUCER_EPOCH`).
        public static let invalidProducerEpoch = Code(RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH)
        /// The operation is not possible in the client's current state (`_STATE`).
        public static let state = Code(RD_KAFKA_RESP_ERR__STATE)

        /// Codes that say "not now" rather than "never": the broker or network is unavailable for a
        /// while, or a local queue is full.
        var isRetriableByDefault: Bool {
            Self.retriable.contains(rawValue)
        }

        private static let retriable: Set<Int32> = Set([
            RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__PURGE_QUEUE,
            RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        ].map(\.rawValue))
    }
}
