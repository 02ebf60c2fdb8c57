/// Producer settings.
public struct KafkaProducerConfiguration: Sendable {
    /// Shared client settings.
    public var client: KafkaConfiguration
    /// Idempotent producer: `enable.idempotence=true` (no duplicates or reordering from retries).
    /// `acks=all` is set either way.
    public var idempotent: Bool = true
    /// How long librdkafka waits to fill a batch before sending (`linger.ms`).
    public var linger: Duration = .milliseconds(5)
    /// How long a message may take to be delivered, retries included (`delivery.timeout.ms`);
    /// after that its send fails with `_MSG_TIMED_OUT`.
    public var messageTimeout: Duration = .seconds(30)

    /// Producer settings with the defaults above.
    public init(client: KafkaConfiguration) {
        self.client = client
    }
}
