import Kafka
import TestSupport
import Testing

@Suite("Admin on the mock cluster")
struct AdminMockTests {
    @Test("topics and watermarks reflect the cluster; ensureTopics leaves an existing topic alone")
    func metadataAndExistingTopics() async throws {
        let cluster = try KafkaMockCluster(brokers: 3)
        let topic = uniqueName("admin-existing")
        try cluster.createTopic(topic, partitions: 5, replicationFactor: 3)
        let admin = try KafkaAdmin(configuration: mockClient(cluster, "admin"), logger: testLogger("admin"))

        let listed = try await admin.topics()
        #expect(listed.first { $0.name == topic }?.partitions == [0, 1, 2, 3, 4])
        // The mock cluster has no CreateTopics API: this succeeds only because the topic exists.
        try await admin.ensureTopics([KafkaTopicSpec(name: topic, partitions: 5, replicationFactor: 3)],
                                     timeout: .seconds(10))

        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "admin-producer")),
            logger: testLogger("producer"))
        let messages = (0..<7).map {
            KafkaOutgoingMessage(topic: topic, partition: 2, key: nil, value: Array("message-\($0)".utf8))
        }
        for result in await producer.send(messages) { _ = try result.get() }
        await producer.shutdown(timeout: .seconds(5))
        let watermarks = try await admin.watermarks(topic: topic, partition: 2)
        #expect(watermarks.low == 0)
        #expect(watermarks.high == 7)

        await admin.shutdown()
        await admin.shutdown()  // idempotent
        await #expect(throws: KafkaError.self) { try await admin.topics() }
    }

    @Test("a send after shutdown fails with a closed-client error; a send to a missing partition fails")
    func producerErrors() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("producer-errors")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "producer-errors")),
            logger: testLogger("producer"))
        let report = try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: [1]))
        #expect(report.offset == 0)
        try await producer.flush(timeout: .seconds(5))
        let missing = await producer.send([KafkaOutgoingMessage(topic: topic, partition: 9, key: nil, value: [1])])
        #expect(throws: KafkaError.self) { try missing[0].get() }
        await producer.shutdown(timeout: .seconds(5))
        await producer.shutdown(timeout: .seconds(5))  // idempotent
        await #expect(throws: KafkaError.self) { try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: [1])) }
        do {
            _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: nil, value: [1]))
        } catch {
            #expect(error.code == .clientClosed)
            #expect(error.operation == "produce to \(topic)")
        }
    }

    @Test("a refused librdkafka property is reported with its name")
    func invalidProperty() throws {
        var client = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", clientID: "invalid")
        client.properties["no.such.property"] = "1"
        do {
            _ = try KafkaAdmin(configuration: client, logger: testLogger("invalid"))
            Issue.record("the admin client accepted an unknown property")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("no.such.property"))
        }
    }
}
