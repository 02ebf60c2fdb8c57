import Kafka
import TestSupport
import Testing

@Suite("Consumer close")
struct ConsumerCloseTests {
    @Test("a close the coordinator does not answer is waited for at most its timeout")
    func closeIsBoundedWhenTheCoordinatorIsSilent() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("silent")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "silent-producer")),
            logger: testLogger("producer"))
        for result in await producer.send(numberedMessages(topic: topic, count: 5)) { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(5))
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "silent"), group: uniqueName("group"), topics: [topic]),
            logger: testLogger("silent"))
        let read = try await consume(consumer) { $0.count >= 5 }
        try consumer.storeOffsets(for: read)

        // The broker now answers nothing for a minute, as a frozen one (SIGSTOP) does: the close's
        // offset commit waits for it.
        cluster.setBrokerRoundTrip(-1, .seconds(60))
        let started = ContinuousClock.now
        let closedInTime = await consumer.close(timeout: .seconds(2))
        let waited = ContinuousClock.now - started

        #expect(!closedInTime, "the close should still be waiting for the silent coordinator")
        #expect(waited < .seconds(10), "close(timeout: 2 s) waited \(waited)")
        #expect(throws: KafkaError.self) { try consumer.storeOffsets(for: read) }
        cluster.setBrokerRoundTrip(-1, .zero)
    }

    @Test("a close the coordinator answers finishes within its timeout and says so")
    func closeInTimeReportsIt() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("answered")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "answered"), group: uniqueName("group"), topics: [topic]),
            logger: testLogger("answered"))
        _ = try await consumer.nextBatch()
        #expect(await consumer.close(timeout: .seconds(30)))
        #expect(consumer.assignment.isEmpty)
    }
}
