import Contracts
import Foundation

/// A message as a consumer reads it from the broker: an event, or a tombstone, on its topic. What
/// ``ConsumerHarness/consume(_:through:from:)`` feeds the inbox processor.
public struct ConsumedMessage: Sendable {
    public let topic: Topic
    public let key: String
    /// The event's JSON; empty for a tombstone.
    public let value: [UInt8]

    public init(topic: Topic, key: String, value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.value = value
    }

    /// `event` as published (its id, time and trace kept), keyed by its aggregate id.
    public static func event<Payload: EventPayload>(_ event: CloudEvent<Payload>) throws -> ConsumedMessage {
        ConsumedMessage(topic: Payload.topic, key: event.data.aggregateID, value: try event.encoded())
    }

    /// `payload` in a new envelope from its topic's writer.
    public static func payload<Payload: EventPayload>(_ payload: Payload) throws -> ConsumedMessage {
        try event(CloudEvent(payload, source: Payload.topic.owner.eventSource))
    }

    /// The tombstone that erases `key` on the compacted `topic`.
    public static func tombstone(_ topic: Topic, key: String) -> ConsumedMessage {
        ConsumedMessage(topic: topic, key: key, value: [])
    }
}
