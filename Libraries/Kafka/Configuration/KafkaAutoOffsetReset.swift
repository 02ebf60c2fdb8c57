/// Where a consumer group starts reading a partition that has no committed offset
/// (`auto.offset.reset`).
public enum KafkaAutoOffsetReset: String, Sendable, Hashable {
    /// The oldest message still in the partition.
    case earliest
    /// Only messages produced after the member joined.
    case latest
}
