import Foundation
import Kafka
import Logging
import TestSupport

/// A logger for the tests: librdkafka's lines at `KAFKA_TEST_LOG_LEVEL` (default `warning`).
func testLogger(_ label: String) -> Logger {
    var logger = Logger(label: "kafka-tests.\(label)")
    logger.logLevel = ProcessInfo.processInfo.environment["KAFKA_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        ?? .critical
    return logger
}


/// Client settings for a mock cluster.
func mockClient(_ cluster: KafkaMockCluster, _ clientID: String) -> KafkaConfiguration {
    KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: clientID)
}

/// Consumer settings for tests: short session (the mock and tansu rebalance in seconds), small batches.
func consumerConfiguration(_ client: KafkaConfiguration, group: String, topics: [String],
                           maxBatchSize: Int = 100) -> KafkaConsumerConfiguration {
    var configuration = KafkaConsumerConfiguration(client: client, groupID: group, topics: topics)
    configuration.sessionTimeout = .seconds(6)
    configuration.maxBatchSize = maxBatchSize
    configuration.batchWait = .milliseconds(100)
    return configuration
}

/// Reads batches until `done` says so (given everything read so far), failing after `timeout`.
/// `onBatch` runs for each non-empty batch (e.g. to store its offsets).
@discardableResult
func consume(_ consumer: KafkaConsumer, timeout: Duration = .seconds(30),
             onBatch: ([KafkaIncomingMessage]) throws -> Void = { _ in },
             until done: ([KafkaIncomingMessage]) -> Bool) async throws -> [KafkaIncomingMessage] {
    let deadline = ContinuousClock.now + timeout
    var all: [KafkaIncomingMessage] = []
    while !done(all) {
        guard ContinuousClock.now < deadline else {
            throw TimedOut(what: "consuming (\(all.count) messages read so far)", timeout: timeout, lastError: nil)
        }
        let batch = try await consumer.nextBatch()
        if !batch.isEmpty {
            try onBatch(batch)
            all += batch
        }
    }
    return all
}

/// Messages `0..<count` for `topic`, keyed `key-<i % keys>`, value `message-<i>`, with a sequence
/// header, a null-valued header and an empty-valued one.
func numberedMessages(topic: String, count: Int, keys: Int = 10, from start: Int = 0) -> [KafkaOutgoingMessage] {
    (start..<(start + count)).map { index in
        KafkaOutgoingMessage(
            topic: topic, key: Array("key-\(index % keys)".utf8), value: Array("message-\(index)".utf8),
            headers: [
                KafkaHeader(key: "seq", value: Array(String(index).utf8)),
                KafkaHeader(key: "nothing", value: nil),
                KafkaHeader(key: "empty", value: []),
            ])
    }
}

extension KafkaIncomingMessage {
    /// The `message-<i>` number of a `numberedMessages` message.
    var number: Int? {
        let text = String(decoding: value, as: UTF8.self)
        guard text.hasPrefix("message-") else { return nil }
        return Int(text.dropFirst("message-".count))
    }

    /// The key as text.
    var keyText: String? { key.map { String(decoding: $0, as: UTF8.self) } }
}
