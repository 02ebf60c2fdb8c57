/// The parts of librdkafka's statistics JSON (`statistics.interval.ms`, see librdkafka's
/// STATISTICS.md) that this layer reads and exports. Fields librdkafka may leave out are optional.
public struct KafkaStatistics: Sendable, Decodable {
    /// Handle instance name (`name`), e.g. `otop-intake#consumer-1`.
    public var name: String
    /// The configured `client.id` (`client_id`).
    public var clientID: String
    /// `producer` or `consumer` (`type`).
    public var type: String
    /// Wall clock time in seconds since the epoch (`time`).
    public var time: Int64
    /// Events waiting for the application to serve (`replyq`).
    public var replyQueue: Int64
    /// Messages in the producer queues (`msg_cnt`).
    public var messagesInQueue: Int64
    /// Messages transmitted (produced) to brokers so far (`txmsgs`).
    public var transmittedMessages: Int64
    /// Messages received (consumed) from brokers so far (`rxmsgs`).
    public var receivedMessages: Int64
    /// Brokers by name (`brokers`).
    public var brokers: [String: Broker]
    /// Topics by name (`topics`).
    public var topics: [String: Topic]
    /// Consumer group state (`cgrp`), consumers only.
    public var consumerGroup: ConsumerGroup?

    enum CodingKeys: String, CodingKey {
        case name, type, time, brokers, topics
        case clientID = "client_id"
        case replyQueue = "replyq"
        case messagesInQueue = "msg_cnt"
        case transmittedMessages = "txmsgs"
        case receivedMessages = "rxmsgs"
        case consumerGroup = "cgrp"
    }

    /// One broker connection.
    public struct Broker: Sendable, Decodable {
        /// `host:port/nodeid`.
        public var name: String
        /// Broker id; -1 for bootstrap and logical (coordinator) connections.
        public var nodeID: Int32
        /// Connection state, e.g. `UP`, `DOWN`.
        public var state: String
        /// Round-trip times in microseconds (`rtt`).
        public var roundTripTime: Window?

        enum CodingKeys: String, CodingKey {
            case name, state
            case nodeID = "nodeid"
            case roundTripTime = "rtt"
        }
    }

    /// A rolling window of measurements (microseconds).
    public struct Window: Sendable, Decodable {
        /// Smallest value.
        public var min: Int64
        /// Largest value.
        public var max: Int64
        /// Average.
        public var avg: Int64
        /// Number of values in the window.
        public var cnt: Int64
    }

    /// One topic.
    public struct Topic: Sendable, Decodable {
        /// The topic name.
        public var topic: String
        /// Partitions by id as a string; `-1` is librdkafka's internal unassigned partition.
        public var partitions: [String: Partition]
    }

    /// One partition as this client sees it.
    public struct Partition: Sendable, Decodable {
        /// Partition id (-1: internal).
        public var partition: Int32
        /// Messages between the consumer's position (or committed offset) and the high watermark;
        /// -1 when unknown (`consumer_lag`).
        public var consumerLag: Int64
        /// The same, from the stored offset (`consumer_lag_stored`), librdkafka ≥ 1.7.
        public var consumerLagStored: Int64?
        /// High watermark (`hi_offset`).
        public var highWatermark: Int64?
        /// Low watermark (`lo_offset`).
        public var lowWatermark: Int64?
        /// Last committed offset (`committed_offset`).
        public var committedOffset: Int64?
        /// Offset to be committed (`stored_offset`).
        public var storedOffset: Int64?

        enum CodingKeys: String, CodingKey {
            case partition
            case consumerLag = "consumer_lag"
            case consumerLagStored = "consumer_lag_stored"
            case highWatermark = "hi_offset"
            case lowWatermark = "lo_offset"
            case committedOffset = "committed_offset"
            case storedOffset = "stored_offset"
        }
    }

    /// Consumer group state.
    public struct ConsumerGroup: Sendable, Decodable {
        /// Coordinator state, e.g. `up`.
        public var state: String
        /// Join state, e.g. `steady`.
        public var joinState: String
        /// Partitions assigned to this member.
        public var assignmentSize: Int

        enum CodingKeys: String, CodingKey {
            case state
            case joinState = "join_state"
            case assignmentSize = "assignment_size"
        }

        /// A member of its group in good standing: the coordinator is known and up, and the member has
        /// joined and received its assignment (`state` `up`, `join_state` `steady`). The assignment
        /// may be empty when the group has more members than partitions.
        public var isSteadyMember: Bool { state == "up" && joinState == "steady" }
    }

    /// The consumer lag librdkafka reports for `topic`/`partition`, or `nil` when it is unknown
    /// (missing, or -1).
    public func consumerLag(topic: String, partition: Int32) -> Int64? {
        guard let lag = topics[topic]?.partitions[String(partition)]?.consumerLag, lag >= 0 else { return nil }
        return lag
    }
}
