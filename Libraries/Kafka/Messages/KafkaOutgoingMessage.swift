/// A message to produce.
public struct KafkaOutgoingMessage: Sendable {
    /// Destination topic.
    public var topic: String
    /// Message key; messages with the same key go to the same partition (and stay in order there).
    public var key: [UInt8]?
    /// Message payload.
    public var value: [UInt8]
    /// Record headers, in order.
    public var headers: [KafkaHeader]
    /// An explicit partition; `nil` lets the partitioner choose from the key.
    public var partition: Int32?

    /// A message for `topic`; the partition follows from `key`.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// A message for one explicit `partition` of `topic`.
    public init(topic: String, partition: Int32, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: key, value: value, headers: headers)
        self.partition = partition
    }
}
