import Kafka
import TestSupport
import Testing

@Suite("Produce and consume")
struct ProduceConsumeTests {
    @Test("a group consumer reads every produced message exactly once, intact and in key order")
    func roundTrip() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = uniqueName("round-trip")
        try cluster.createTopic(topic, partitions: 4, replicationFactor: 3)
        let count = 200
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "round-trip-producer")),
            logger: testLogger("producer"))
        let outgoing = numberedMessages(topic: topic, count: count)
        let reports = try await producer.send(outgoing).map { try $0.get() }
        await producer.shutdown(timeout: .seconds(5))

        #expect(reports.count == count)
        // Every key stays in one partition, with increasing offsets in send order.
        var partitionOfKey: [String: Int32] = [:]
        var lastOffsetOfKey: [String: Int64] = [:]
        for (message, report) in zip(outgoing, reports) {
            let key = String(decoding: message.key!, as: UTF8.self)
            #expect(report.topic == topic)
            #expect(partitionOfKey[key, default: report.partition] == report.partition)
            partitionOfKey[key] = report.partition
            #expect(report.offset > lastOffsetOfKey[key, default: -1])
            lastOffsetOfKey[key] = report.offset
        }

        let consumer = try KafkaConsumer(
            configuration: consumerConfiguration(mockClient(cluster, "round-trip-consumer"),
                                                 group: uniqueName("group"), topics: [topic]),
            logger: testLogger("consumer"))
        let received = try await consume(consumer, onBatch: { try consumer.storeOffsets(for: $0) }) {
            $0.count >= count
        }
        await consumer.close()

        #expect(received.count == count)
        #expect(Set(received.compactMap(\.number)) == Set(0..<count))
        for message in received {
            let number = try #require(message.number)
            #expect(message.keyText == "key-\(number % 10)")
            #expect(message.topic == topic)
            #expect(message.headers == outgoing[number].headers)
            #expect(message.partition == partitionOfKey[message.keyText!])
            #expect(message.timestamp != nil)
        }
        // Per key, messages arrive in the order they were sent.
        for key in Set(received.compactMap(\.keyText)) {
            let numbers = received.filter { $0.keyText == key }.compactMap(\.number)
            #expect(numbers == numbers.sorted(), "key \(key) out of order")
        }
    }

    @Test("a batch larger than librdkafka's producer queue is sent in full, waiting for room")
    func batchLargerThanQueue() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("queue-full")
        try cluster.createTopic(topic, partitions: 2, replicationFactor: 1)
        var client = mockClient(cluster, "queue-full-producer")
        client.properties["queue.buffering.max.messages"] = "10"
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client),
                                         logger: testLogger("producer"))
        let reports = try await producer.send(numberedMessages(topic: topic, count: 200)).map { try $0.get() }
        await producer.shutdown(timeout: .seconds(5))
        #expect(reports.count == 200)
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 200)
    }
}
