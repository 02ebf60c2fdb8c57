import Foundation
import Kafka

/// An event a consumer could not use, on its way to `<topic>.dlq`: the original bytes, key and
/// headers plus `error`, `consumer`, `failed_at` and where it came from. An original larger than
/// ``largestValue`` keeps only its first ``keptBytes`` bytes (with `original_bytes` naming its size):
/// the dead-letter topic takes no more than any topic does, and a letter the broker refuses would be
/// retried for ever, stopping the consumer.
public struct DeadLetter: Sendable {
    public var original: KafkaIncomingMessage
    public var reason: String
    public var consumer: String
    public var failedAt: Date

    /// Headers this layer adds; a replay removes them again.
    public static let headerNames: Set<String> = [
        "error", "consumer", "failed_at", "original_topic", "original_partition", "original_offset", "original_bytes",
        "replayed_at",
    ]

    /// The largest original a letter carries whole: half of librdkafka's default `message.max.bytes`
    /// (1,000,000), leaving room for the headers.
    public static let largestValue = 500_000
    /// What a letter keeps of a larger original: enough to see what it was.
    public static let keptBytes = 65_536

    public init(original: KafkaIncomingMessage, reason: String, consumer: String, failedAt: Date = Date()) {
        self.original = original
        self.reason = reason
        self.consumer = consumer
        self.failedAt = failedAt
    }

    /// The dead-letter topic for messages consumed from `topic`.
    public static func topic(for topic: String) -> String { topic + ".dlq" }

    /// The message to publish on the dead-letter topic.
    public var message: KafkaOutgoingMessage {
        var headers = original.headers.filter { !Self.headerNames.contains($0.key) }
        func add(_ key: String, _ value: String) { headers.append(KafkaHeader(key: key, value: Array(value.utf8))) }
        add("error", reason)
        add("consumer", consumer)
        add("failed_at", ISO8601DateFormatter().string(from: failedAt))
        add("original_topic", original.topic)
        add("original_partition", String(original.partition))
        add("original_offset", String(original.offset))
        var value = original.value
        if value.count > Self.largestValue {
            add("original_bytes", String(value.count))
            value = Array(value.prefix(Self.keptBytes))
        }
        return KafkaOutgoingMessage(topic: Self.topic(for: original.topic), key: original.key, value: value, headers: headers)
    }

    /// The message that re-publishes a dead letter to the topic it came from, with the original
    /// bytes, key and headers (dead-letter headers removed, `replayed_at` added). `nil` when the
    /// message carries no `original_topic` header (not one of ours), or kept only the start of an
    /// original too large to carry (`original_bytes`): there is nothing whole to replay.
    public static func replay(_ deadLetter: KafkaIncomingMessage, at date: Date = Date()) -> KafkaOutgoingMessage? {
        guard header("original_bytes", of: deadLetter) == nil else { return nil }
        guard let topicHeader = deadLetter.headers.last(where: { $0.key == "original_topic" }),
              let value = topicHeader.value, let topic = String(bytes: value, encoding: .utf8), !topic.isEmpty
        else { return nil }
        var headers = deadLetter.headers.filter { !headerNames.contains($0.key) }
        headers.append(KafkaHeader(key: "replayed_at", value: Array(ISO8601DateFormatter().string(from: date).utf8)))
        return KafkaOutgoingMessage(topic: topic, key: deadLetter.key, value: deadLetter.value, headers: headers)
    }

    /// A header's value as text.
    public static func header(_ name: String, of message: KafkaIncomingMessage) -> String? {
        message.headers.last(where: { $0.key == name })?.value.flatMap { String(bytes: $0, encoding: .utf8) }
    }
}
