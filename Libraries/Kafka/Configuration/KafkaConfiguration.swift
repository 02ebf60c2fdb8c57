import Metrics

/// Client settings shared by producer, consumer and admin.
public struct KafkaConfiguration: Sendable {
    /// Bootstrap brokers, `host:port[,host:port]`.
    public var bootstrapServers: String
    /// `client.id`: names this client in broker logs, statistics and the `client_id` metric dimension.
    public var clientID: String
    /// Address family used to reach brokers (`broker.address.family`); default `.v4`.
    public var addressFamily: KafkaAddressFamily = .v4
    /// How often librdkafka emits statistics (`statistics.interval.ms`); `nil` turns them off.
    /// When set, the statistics are parsed and exported as metrics (see `KafkaStatistics`).
    public var statisticsInterval: Duration?
    /// Raw librdkafka properties, applied last (they override everything this layer sets).
    public var properties: [String: String] = [:]
    /// The swift-metrics factory the statistics are exported to; `nil` uses the global
    /// `MetricsSystem.factory`.
    public var metricsFactory: (any MetricsFactory)?

    /// Settings for `bootstrapServers` with IPv4, no statistics and no extra properties.
    public init(bootstrapServers: String, clientID: String) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
    }
}
