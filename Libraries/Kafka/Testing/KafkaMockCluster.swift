import CRdKafka

/// An in-process librdkafka mock cluster (`rdkafka_mock.h`) for unit tests of this and other
/// layers: real Kafka protocol on loopback listeners, no broker process. Supports producing
/// (idempotent too), group consumers with commits, metadata and broker fault injection; it does not
/// support the CreateTopics admin API (create topics with `createTopic`).
///
/// The mock API is experimental in librdkafka; the functions used here exist unchanged from 2.0.2
/// (the headers we build against) to 2.16 (the library loaded at run time).
public final class KafkaMockCluster: Sendable {
    private let handle: RdKafkaHandleReference
    private let cluster: RdKafkaHandleReference

    /// Starts a cluster of `brokers` brokers (ids 1...brokers).
    public init(brokers: Int) throws(KafkaError) {
        let operation = "start mock cluster"
        var errorText = [CChar].errorBuffer()
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE, operation: operation)
        }
        // The handle only hosts the cluster; keep its own chatter (no bootstrap servers) quiet.
        _ = rd_kafka_conf_set(conf, "log_level", "3", &errorText, errorText.count)
        guard let handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: operation, message: errorText.nulTerminatedString)
        }
        guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(brokers)) else {
            rd_kafka_destroy(handle)
            throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, operation: operation, message: "rd_kafka_mock_cluster_new failed")
        }
        self.handle = RdKafkaHandleReference(pointer: handle)
        self.cluster = RdKafkaHandleReference(pointer: cluster)
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.pointer)
        rd_kafka_destroy(handle.pointer)
    }

    /// The brokers' loopback addresses, for `KafkaConfiguration.bootstrapServers`.
    public var bootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster.pointer))
    }

    /// Disconnects broker `id` and refuses new connections (-1: all brokers). Partition leadership
    /// does not move.
    public func setBrokerDown(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_down(cluster.pointer, id)
    }

    /// Accepts connections to broker `id` again (-1: all brokers).
    public func setBrokerUp(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_up(cluster.pointer, id)
    }

    /// Delays every answer of broker `id` (-1: all brokers) by `delay`, as a frozen or overloaded
    /// broker would; `.zero` ends the delay.
    public func setBrokerRoundTrip(_ id: Int32, _ delay: Duration) {
        _ = rd_kafka_mock_broker_set_rtt(cluster.pointer, id, Int32(delay.timeoutMilliseconds))
    }

    /// Creates topic `name`.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_topic_create(cluster.pointer, name, partitions, replicationFactor)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(error, operation: "create mock topic \(name)")
        }
    }

    /// Makes broker `broker` the leader of `topic`/`partition`.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let error = rd_kafka_mock_partition_set_leader(cluster.pointer, topic, partition, broker)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(error, operation: "set leader of mock \(topic)[\(partition)]")
        }
    }
}

/// An `rd_kafka_t *` or `rd_kafka_mock_cluster_t *` owned by one object, destroyed in its `deinit`;
/// librdkafka's mock API is thread-safe.
struct RdKafkaHandleReference: @unchecked Sendable {
    let pointer: OpaquePointer
}
