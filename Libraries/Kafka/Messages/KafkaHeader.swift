/// One Kafka record header. Kafka allows repeated keys and null values.
public struct KafkaHeader: Sendable, Hashable {
    /// Header name.
    public var key: String
    /// Header value; `nil` is a null value (distinct from an empty one).
    public var value: [UInt8]?

    /// A header `key` with `value`.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }
}
