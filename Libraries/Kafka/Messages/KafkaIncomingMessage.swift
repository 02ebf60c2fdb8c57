import Foundation

/// A consumed message.
public struct KafkaIncomingMessage: Sendable {
    /// The topic it was read from.
    public var topic: String
    /// Its partition.
    public var partition: Int32
    /// Its offset in the partition; `storeOffsets(for:)` stores `offset + 1`.
    public var offset: Int64
    /// Message key, if any.
    public var key: [UInt8]?
    /// Payload (empty for a null value, e.g. a tombstone).
    public var value: [UInt8]
    /// Record headers, in order.
    public var headers: [KafkaHeader]
    /// The record timestamp (create or log-append time), when the broker gave one.
    public var timestamp: Date?

    /// A message as read from `topic`/`partition` at `offset`.
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
                headers: [KafkaHeader] = [], timestamp: Date? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}
