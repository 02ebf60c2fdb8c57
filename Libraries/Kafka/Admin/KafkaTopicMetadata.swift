/// A topic as the cluster's metadata describes it.
public struct KafkaTopicMetadata: Sendable, Hashable {
    /// Topic name.
    public var name: String
    /// Partition ids, ascending.
    public var partitions: [Int32]

    /// Metadata of topic `name` with `partitions`.
    public init(name: String, partitions: [Int32]) {
        self.name = name
        self.partitions = partitions
    }
}
