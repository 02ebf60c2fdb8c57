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

    /// Consumer settings with the defaults above.
    public init(client: KafkaConfiguration, groupID: String, topics: [String]) {
        self.client = client
        self.groupID = groupID
        self.topics = topics
    }
}
