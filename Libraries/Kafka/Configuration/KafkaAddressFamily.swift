/// Which IP address family librdkafka uses to reach brokers (`broker.address.family`).
public enum KafkaAddressFamily: String, Sendable, Hashable {
    /// IPv4 or IPv6, whatever the name resolves to.
    case any
    /// IPv4 only (tansu listens on IPv4 only).
    case v4
    /// IPv6 only.
    case v6
}
