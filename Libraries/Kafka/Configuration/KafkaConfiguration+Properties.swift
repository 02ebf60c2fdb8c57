extension KafkaConfiguration {
    /// The librdkafka properties for these settings; `properties` override the others.
    func librdkafkaProperties(adding specific: [String: String]) -> [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "broker.address.family": addressFamily.rawValue,
            // librdkafka's own log lines become LOG events on the main queue (see RdKafkaClient).
            "log.queue": "true",
        ]
        if let statisticsInterval {
            result["statistics.interval.ms"] = String(max(1, statisticsInterval.wholeMilliseconds))
        }
        result.merge(specific) { _, new in new }
        result.merge(properties) { _, new in new }
        return result
    }
}

extension KafkaProducerConfiguration {
    /// The librdkafka properties for a producer.
    var librdkafkaProperties: [String: String] {
        client.librdkafkaProperties(adding: [
            "enable.idempotence": idempotent ? "true" : "false",
            "acks": "all",
            "linger.ms": String(linger.wholeMilliseconds),
            "delivery.timeout.ms": String(messageTimeout.wholeMilliseconds),
        ])
    }
}

extension KafkaConsumerConfiguration {
    /// The librdkafka properties for a group consumer: offsets are stored by the application only
    /// (after its work is committed) and committed automatically; eager round-robin assignment.
    /// Public so that another client (e.g. `kcat -X`) can join a group as one of its members.
    public var librdkafkaProperties: [String: String] {
        let session = sessionTimeout.wholeMilliseconds
        return client.librdkafkaProperties(adding: [
            "group.id": groupID,
            "auto.offset.reset": autoOffsetReset.rawValue,
            "session.timeout.ms": String(session),
            "heartbeat.interval.ms": String(max(100, session / 3)),
            "enable.auto.offset.store": "false",
            "enable.auto.commit": "true",
            "partition.assignment.strategy": "roundrobin",
        ])
    }
}
