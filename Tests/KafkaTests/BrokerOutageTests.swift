import CRdKafka
import Kafka
import TestSupport
import Testing

@Suite("Broker outage")
struct BrokerOutageTests {
    @Test("with every broker down, sends wait; when the brokers come back they complete and nothing is lost")
    func brokersDownAndBack() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = uniqueName("outage")
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 3)
        var client = mockClient(cluster, "outage-producer")
        client.statisticsInterval = .milliseconds(100)
        var configuration = KafkaProducerConfiguration(client: client)
        configuration.messageTimeout = .seconds(60)
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger("producer"))
        for result in await producer.send(numberedMessages(topic: topic, count: 50)) { _ = try result.get() }

        #expect(producer.lastTransientError == nil)
        cluster.setBrokerDown(-1)
        // librdkafka 2.16 reports _ALL_BROKERS_DOWN; 2.0.2 may report _TRANSPORT after it.
        let downCodes = [RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TRANSPORT].map {
            KafkaError.Code(rawValue: $0.rawValue)
        }
        try await waitUntil("the producer to see the brokers down") {
            producer.lastTransientError.map { downCodes.contains($0.code) } ?? false
        }
        let sending = Task { await producer.send(numberedMessages(topic: topic, count: 100, from: 50)) }
        // The messages sit in librdkafka's queue while no broker is up.
        try await waitUntil("100 messages queued behind the down brokers") {
            producer.inFlightCount == 100 && producer.latestStatistics?.messagesInQueue == 100
        }
        cluster.setBrokerUp(-1)
        let results = await sending.value
        let reports = try results.map { try $0.get() }
        #expect(reports.count == 100)
        await producer.shutdown(timeout: .seconds(5))

        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "outage-consumer"), group: uniqueName("group"),
                                                 topics: [topic]),
            logger: testLogger("consumer"))
        let read = try await consume(consumer) { $0.count >= 150 }
        await consumer.close()
        #expect(read.count == 150)
        #expect(Set(read.compactMap(\.number)) == Set(0..<150))
    }
}
