import Kafka
import TestSupport
import Testing

@Suite("Fatal errors")
struct FatalErrorTests {
    @Test("after a fatal producer error, sends throw a KafkaError marked fatal")
    func fatalProducerError() async throws {
        let cluster = try KafkaMockCluster(brokers: 1)
        let topic = uniqueName("fatal")
        try cluster.createTopic(topic, partitions: 1, replicationFactor: 1)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(client: mockClient(cluster, "fatal-producer")),
            logger: testLogger("producer"))
        let message = KafkaOutgoingMessage(topic: topic, key: nil, value: Array("before".utf8))
        _ = try await producer.send(message)

        producer.simulateFatalErrorForTesting(reason: "kafka-tests")
        let results = await producer.send([message, message])
        for result in results {
            #expect(throws: KafkaError.self) { try result.get() }
            if case .failure(let error) = result {
                #expect(error.isFatal)
                #expect(!error.isRetriable)
                #expect(error.description.contains("[fatal]"))
            }
        }
        await producer.shutdown(timeout: .seconds(2))
    }
}
