/// A topic `KafkaAdmin.ensureTopics` makes sure exists.
public struct KafkaTopicSpec: Sendable, Hashable {
    /// Topic name.
    public var name: String
    /// Partition count.
    public var partitions: Int32
    /// Replicas per partition; -1 = the broker's default.
    public var replicationFactor: Int16
    /// Topic configuration, e.g. `cleanup.policy=compact`, `retention.ms`.
    public var config: [String: String]

    /// A topic spec; replication factor defaults to the broker's.
    public init(name: String, partitions: Int32, replicationFactor: Int16 = -1, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}
