import Foundation
import Logging
import Metrics
import Synchronization

/// Parses librdkafka's statistics JSON, keeps the latest parse, and exports it with swift-metrics:
///
/// | metric | kind | dimensions |
/// |---|---|---|
/// | `kafka_consumer_lag` | gauge (messages) | `topic`, `partition`, `client_id` |
/// | `kafka_messages_produced_total` | counter | `client_id` |
/// | `kafka_messages_consumed_total` | counter | `client_id` |
/// | `kafka_queue_messages` | gauge (messages waiting in the producer queues) | `client_id` |
/// | `kafka_reply_queue_events` | gauge (events waiting for the poll thread) | `client_id` |
/// | `kafka_broker_rtt_seconds` | gauge (average round trip) | `client_id`, `broker` |
///
/// Lag is exported only for real partitions (not librdkafka's internal -1) with a known lag (not -1);
/// a partition that disappears from the statistics (revoked) has its gauge destroyed.
final class KafkaStatisticsExporter: Sendable {
    private struct State {
        var latest: KafkaStatistics?
        var lagGauges: [KafkaTopicPartition: Gauge] = [:]
        var transmitted: Int64 = 0
        var received: Int64 = 0
    }

    private let clientID: String
    private let factory: any MetricsFactory
    private let state = Mutex(State())
    private let produced: Counter
    private let consumed: Counter
    private let queueMessages: Gauge
    private let replyQueue: Gauge

    init(clientID: String, factory: (any MetricsFactory)?) {
        let factory = factory ?? MetricsSystem.factory
        self.clientID = clientID
        self.factory = factory
        let dimensions = [("client_id", clientID)]
        produced = Counter(label: "kafka_messages_produced_total", dimensions: dimensions, factory: factory)
        consumed = Counter(label: "kafka_messages_consumed_total", dimensions: dimensions, factory: factory)
        queueMessages = Gauge(label: "kafka_queue_messages", dimensions: dimensions, factory: factory)
        replyQueue = Gauge(label: "kafka_reply_queue_events", dimensions: dimensions, factory: factory)
    }

    /// The most recent statistics parsed.
    var latest: KafkaStatistics? { state.withLock { $0.latest } }

    /// Parses one statistics JSON document and updates the metrics.
    func ingest(json: String, logger: Logger) {
        let statistics: KafkaStatistics
        do {
            statistics = try JSONDecoder().decode(KafkaStatistics.self, from: Data(json.utf8))
        } catch {
            logger.warning("unreadable librdkafka statistics", metadata: ["error": "\(error)"])
            return
        }
        queueMessages.record(statistics.messagesInQueue)
        replyQueue.record(statistics.replyQueue)
        for broker in statistics.brokers.values where broker.nodeID >= 0 {
            guard let rtt = broker.roundTripTime, rtt.cnt > 0 else { continue }
            Gauge(label: "kafka_broker_rtt_seconds", dimensions: [("client_id", clientID), ("broker", broker.name)],
                  factory: factory).record(Double(rtt.avg) / 1_000_000)
        }
        let lags = Self.lags(in: statistics)
        state.withLock { state in
            if statistics.transmittedMessages > state.transmitted {
                produced.increment(by: statistics.transmittedMessages - state.transmitted)
            }
            if statistics.receivedMessages > state.received {
                consumed.increment(by: statistics.receivedMessages - state.received)
            }
            state.transmitted = statistics.transmittedMessages
            state.received = statistics.receivedMessages
            for (partition, gauge) in state.lagGauges where lags[partition] == nil {
                gauge.destroy()
                state.lagGauges[partition] = nil
            }
            for (partition, lag) in lags {
                let gauge = state.lagGauges[partition] ?? Gauge(
                    label: "kafka_consumer_lag",
                    dimensions: [("topic", partition.topic), ("partition", String(partition.partition)),
                                 ("client_id", clientID)],
                    factory: factory)
                gauge.record(lag)
                state.lagGauges[partition] = gauge
            }
            state.latest = statistics
        }
    }

    /// Known lags of real partitions.
    private static func lags(in statistics: KafkaStatistics) -> [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        for (name, topic) in statistics.topics {
            for partition in topic.partitions.values where partition.partition >= 0 && partition.consumerLag >= 0 {
                result[KafkaTopicPartition(topic: name, partition: partition.partition)] = partition.consumerLag
            }
        }
        return result
    }
}
