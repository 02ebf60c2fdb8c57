import Contracts
import Kafka

/// The topics the system needs on the broker, with their settings: every business topic, and a
/// dead-letter twin for each (kept longer, so an operator has time to replay).
public enum TopicPlan {
    /// Dead letters are kept 30 days.
    public static let deadLetterRetentionMs = "2592000000"

    /// - Parameter prefix: prepended to every name (``TopicNaming``), empty in production.
    public static func specs(partitions: Int32, replicationFactor: Int16, prefix: String = "") -> [KafkaTopicSpec] {
        Topic.allCases.flatMap { topic -> [KafkaTopicSpec] in
            var config: [String: String] = topic.isCompacted ? ["cleanup.policy": "compact"] : [:]
            if let retention = topic.retentionMs { config["retention.ms"] = String(retention) }
            return [
                KafkaTopicSpec(name: prefix + topic.name, partitions: partitions, replicationFactor: replicationFactor, config: config),
                KafkaTopicSpec(name: prefix + topic.deadLetter, partitions: 1, replicationFactor: replicationFactor,
                               config: ["retention.ms": deadLetterRetentionMs]),
            ]
        }
    }
}
