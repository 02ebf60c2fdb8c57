/// An optional prefix on every topic and consumer-group name (`KAFKA_TOPIC_PREFIX`), so several
/// environments or test runs can share one broker without seeing each other's events. Events and
/// outbox rows always carry the unprefixed, logical names; the prefix is applied at the broker edge.
public struct TopicNaming: Sendable, Hashable {
    public let prefix: String

    public init(prefix: String = "") {
        self.prefix = prefix
    }

    /// The broker name of a logical topic name.
    public func physical(_ logical: String) -> String { prefix + logical }

    /// The logical name of a broker topic name.
    public func logical(_ physical: String) -> String {
        physical.hasPrefix(prefix) ? String(physical.dropFirst(prefix.count)) : physical
    }
}
