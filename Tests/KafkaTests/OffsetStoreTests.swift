import Kafka
import TestSupport
import Testing

@Suite("Offset store")
struct OffsetStoreTests {
    @Test("offsets not stored are not committed: a new member re-reads exactly those messages")
    func unstoredOffsetsAreReadAgain() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("unstored")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "unstored-producer")),
            logger: testLogger("producer"))
        for result in await producer.send(numberedMessages(topic: topic, count: 20)) { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(5))
        let group = uniqueName("group")

        // The first member reads all 20 but stores only the first 10 (as if the rest failed to commit).
        let first = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "unstored-first"), group: group, topics: [topic]),
            logger: testLogger("first"))
        let readByFirst = try await consume(first) { $0.count >= 20 }
        try first.storeOffsets(for: readByFirst.filter { $0.offset < 10 })
        await first.close()
        #expect(readByFirst.map(\.offset) == Array(0..<20))

        // The next member starts after the last stored offset, and re-reads everything after it.
        let second = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "unstored-second"), group: group, topics: [topic]),
            logger: testLogger("second"))
        let readBySecond = try await consume(second) { $0.count >= 10 }
        await second.close()
        #expect(readBySecond.map(\.offset) == Array(10..<20))
        #expect(readBySecond.compactMap(\.number) == Array(10..<20))
    }

    @Test("storing offsets after close throws a closed-client error")
    func storeAfterClose() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("closed")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "closed"), group: uniqueName("group"), topics: [topic]),
            logger: testLogger("closed"))
        await consumer.close()
        await consumer.close()  // idempotent
        let message = KafkaIncomingMessage(topic: topic, partition: 0, offset: 0, key: nil, value: [])
        #expect(throws: KafkaError.self) { try consumer.storeOffsets(for: [message]) }
        await #expect(throws: KafkaError.self) { try await consumer.nextBatch() }
        #expect(consumer.assignment.isEmpty)
    }
}
