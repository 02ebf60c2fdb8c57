/// The `data` of one kind of event: its versioned CloudEvents `type`, the topic it travels on, and
/// the aggregate it belongs to (the message key, so one aggregate's events stay in order).
public protocol EventPayload: Codable, Sendable, Hashable {
    /// `th.otop.<aggregate>.<happening>.v<N>`; additive changes only within a version.
    static var eventType: String { get }
    /// The topic this event is published to.
    static var topic: Topic { get }
    /// The aggregate id used as the Kafka message key.
    var aggregateID: String { get }
    /// The CloudEvents `subject`, e.g. `request/2b6f...`.
    var subject: String { get }
}
