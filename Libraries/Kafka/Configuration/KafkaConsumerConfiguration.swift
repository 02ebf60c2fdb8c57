/// Group consumer settings.
public struct KafkaConsumerConfiguration: Sendable {
    /// Shared client settings.
    public var client: KafkaConfiguration
    /// The consumer group (`group.id`); replicas of one service share it.
    public var groupID: String
    /// Topics to subscribe to.
    public var topics: [String]
    /// Where to start in partitions without a committed offset (`auto.offset.reset`).
    public var autoOffsetReset: KafkaAutoOffsetReset = .earliest
    /// How long the group waits for a silent member before reassigning its partitions
    /// (`session.timeout.ms`); the heartbeat interval is a third of it.
    public var sessionTimeout: Duration = .seconds(10)
    /// The most messages one `nextBatch()` returns.
    public var maxBatchSize: Int = 500
    /// How long `nextBatch()` waits for the first message before returning an empty batch.
    public var batchWait: Duration = .milliseconds(100)
    /// Whether `close()` sends LeaveGroup, so that the others are rebalanced at once. Off by
    /// default: `close()` then commits the stored offsets and goes without a word, and the group
    /// moves its partitions after `sessionTimeout`. tansu 0.6.0 (our local and CI broker) removes a
    /// leader that leaves during a rebalance but keeps it as the group's leader, and the group never
    /// forms again (docs/kafka.md, "Leaving the group"); a member it evicts for silence is no
    /// longer leader. On Apache Kafka, on saves the session timeout at every stop.
    public var leavesGroupOnClose = false

    /// Consumer settings with the defaults above.
    public init(client: KafkaConfiguration, groupID: String, topics: [String]) {
        self.client = client
        self.groupID = groupID
        self.topics = topics
    }
}
