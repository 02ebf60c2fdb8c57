import Foundation
import Kafka
import TestSupport
import Testing

/// Against the real broker at `$KAFKA_BROKERS` (tansu locally; needs librdkafka ≥ 2.1 at run time,
/// see docs/kafka.md).
@Suite("Kafka integration (real broker)")
struct TansuIntegrationTests {
    /// The real broker (`eval "$(scripts/infra.sh env)"` also puts librdkafka 2.16 on LD_LIBRARY_PATH).
    private func brokers() throws -> String {
        try TestEnvironment.kafkaBrokers()
    }

    @Test("ensureTopics creates topics with the requested partition count and is idempotent")
    func ensureTopicsCreates() async throws {
        let client = KafkaConfiguration(bootstrapServers: try brokers(), clientID: "kafka-tests-admin")
        let admin = try KafkaAdmin(configuration: client, logger: testLogger("admin"))
        let specs = [
            KafkaTopicSpec(name: uniqueName("it-ensure-a"), partitions: 3),
            KafkaTopicSpec(name: uniqueName("it-ensure-b"), partitions: 1, config: ["retention.ms": "3600000"]),
        ]
        try await admin.ensureTopics(specs, timeout: .seconds(20))
        try await admin.ensureTopics(specs, timeout: .seconds(20))
        let topics = try await admin.topics()
        #expect(topics.first { $0.name == specs[0].name }?.partitions == [0, 1, 2])
        #expect(topics.first { $0.name == specs[1].name }?.partitions == [0])
        try await admin.deleteTopics(specs.map(\.name), timeout: .seconds(20))
        await admin.shutdown()
    }

    @Test("deleteTopics removes topics, counts a missing one as deleted, and deletes by prefix")
    func deleteTopics() async throws {
        let client = KafkaConfiguration(bootstrapServers: try brokers(), clientID: "kafka-tests-admin")
        let admin = try KafkaAdmin(configuration: client, logger: testLogger("admin"))
        let prefix = uniqueName("it-delete") + "."
        let names = ["\(prefix)a", "\(prefix)b", "\(prefix)b.dlq"]
        try await admin.ensureTopics(names.map { KafkaTopicSpec(name: $0, partitions: 1) }, timeout: .seconds(20))
        try await admin.deleteTopics([names[0], uniqueName("it-never-created")], timeout: .seconds(20))
        try await waitUntilGone([names[0]], admin)
        #expect(try await admin.topics().contains { $0.name == names[1] }, "only the named topic is deleted")
        let deleted = try await admin.deleteTopics(withPrefix: prefix, timeout: .seconds(20))
        #expect(Set(deleted) == Set(names[1...]))
        try await waitUntilGone(names, admin)
        await #expect(throws: KafkaError.self) { try await admin.deleteTopics(withPrefix: "", timeout: .seconds(5)) }
        await admin.shutdown()
    }

    private func waitUntilGone(_ names: [String], _ admin: KafkaAdmin) async throws {
        _ = try await eventually("topics \(names) to be gone", timeout: .seconds(20)) { () -> Bool? in
            try await admin.topics().contains { names.contains($0.name) } ? nil : true
        }
    }

    @Test("ensureTopics, produce and group consume round trip on the real broker")
    func roundTrip() async throws {
        let client = KafkaConfiguration(bootstrapServers: try brokers(), clientID: "kafka-tests")
        let topic = uniqueName("it-round-trip")
        let admin = try KafkaAdmin(configuration: client, logger: testLogger("admin"))
        try await admin.ensureTopics([KafkaTopicSpec(name: topic, partitions: 2)], timeout: .seconds(20))

        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client),
                                         logger: testLogger("producer"))
        let outgoing = numberedMessages(topic: topic, count: 50)
        let reports = try await producer.send(outgoing).map { try $0.get() }
        #expect(Set(reports.map(\.partition)).isSubset(of: [0, 1]))
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 50)
        await producer.shutdown(timeout: .seconds(5))

        let group = uniqueName("it-group")
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(client, group: group, topics: [topic]),
                                         logger: testLogger("consumer"))
        let read = try await consume(consumer, timeout: .seconds(60), onBatch: { try consumer.storeOffsets(for: $0) }) {
            $0.count >= 50
        }
        try await consumer.commit()
        await consumer.close()
        #expect(read.count == 50)
        #expect(Set(read.compactMap(\.number)) == Set(0..<50))
        for message in read {
            let number = try #require(message.number)
            #expect(message.keyText == "key-\(number % 10)")
            #expect(message.headers == outgoing[number].headers)
        }
        // Watermarks are checked on the mock cluster only: tansu 0.6.0 answers ListOffsets with a
        // high watermark of 1 after one produced batch of many records.
        try await admin.deleteTopics([topic], timeout: .seconds(20))
        await admin.shutdown()
    }
}
