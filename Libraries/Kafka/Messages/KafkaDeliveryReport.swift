/// Where the broker stored a produced message.
public struct KafkaDeliveryReport: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The partition the message landed in.
    public var partition: Int32
    /// The message's offset in that partition (-1 if the broker did not say, e.g. `acks=0`).
    public var offset: Int64

    /// A report for `topic`/`partition`/`offset`.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
