import Kafka
import TestSupport
import Testing

@Suite("Statistics")
struct StatisticsTests {
    @Test("consumer lag of a partition shows in latestStatistics and in the exported kafka_consumer_lag gauge")
    func consumerLagIsExported() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("lag")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producerMetrics = TestMetricsFactory()
        var producerClient = mockClient(cluster, "lag-producer")
        producerClient.statisticsInterval = .milliseconds(100)
        producerClient.metricsFactory = producerMetrics
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: producerClient),
                                         logger: testLogger("producer"))
        for result in await producer.send(numberedMessages(topic: topic, count: 10)) { _ = try result.get() }

        let metrics = TestMetricsFactory()
        var client = mockClient(cluster, "lag-consumer")
        client.statisticsInterval = .milliseconds(100)
        client.metricsFactory = metrics
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(client, group: uniqueName("group"), topics: [topic]),
            logger: testLogger("consumer"))
        let read = try await consume(consumer) { $0.count >= 10 }
        try consumer.storeOffsets(for: read)
        try await consumer.commit()

        // Five more that the application does not take: the lag is 5.
        for result in await producer.send(numberedMessages(topic: topic, count: 5, from: 10)) { _ = try result.get() }
        let dimensions = ["topic": topic, "partition": "0", "client_id": "lag-consumer"]
        try await waitUntil("lag 5 in the statistics and the gauge, and a broker round trip") {
            consumer.latestStatistics?.consumerLag(topic: topic, partition: 0) == 5
                && metrics.value("kafka_consumer_lag", dimensions) == 5
                && metrics.series("kafka_broker_rtt_seconds").values.contains { $0 > 0 }
        }
        let statistics = try #require(consumer.latestStatistics)
        #expect(statistics.type == "consumer")
        #expect(statistics.clientID == "lag-consumer")
        #expect(statistics.topics[topic]?.partitions["0"]?.committedOffset == 10)
        // librdkafka's internal partition -1 and unknown lags are not exported.
        #expect(metrics.series("kafka_consumer_lag").keys.allSatisfy { $0.dimensions["partition"] != "-1" })
        #expect(metrics.series("kafka_consumer_lag").values.allSatisfy { $0 >= 0 })
        #expect((metrics.value("kafka_messages_consumed_total", ["client_id": "lag-consumer"]) ?? 0) >= 10)

        try await waitUntil("the producer's totals") {
            producerMetrics.value("kafka_messages_produced_total", ["client_id": "lag-producer"]) == 15
        }
        #expect(producerMetrics.value("kafka_queue_messages", ["client_id": "lag-producer"]) == 0)
        #expect(producer.latestStatistics?.type == "producer")

        await consumer.close()
        await producer.shutdown(timeout: .seconds(5))
    }
}
