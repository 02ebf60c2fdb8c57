import CRdKafka
import Logging

/// Topic administration and cluster metadata (for service start-up and the operator CLI).
///
/// Every request blocks in librdkafka, so each runs as a job on the admin client's dedicated thread.
public final class KafkaAdmin: Sendable {
    private let core: Core

    /// Creates the admin client; `requestTimeout` bounds metadata and watermark requests.
    public init(configuration: KafkaConfiguration, logger: Logger,
                requestTimeout: Duration = .seconds(10)) throws(KafkaError) {
        core = try Core(configuration: configuration, logger: logger, requestTimeout: requestTimeout)
    }

    deinit {
        core.startShutdown(continuation: nil)
    }

    /// Creates the topics that are missing (existing ones are fine, whatever their partition count,
    /// which is logged if it differs), then waits until all of them appear in the metadata with
    /// partitions. Throws if creation fails or `timeout` passes first.
    public func ensureTopics(_ topics: [KafkaTopicSpec], timeout: Duration) async throws(KafkaError) {
        let deadline = ContinuousClock.now + timeout
        try await core.thread.run("ensure topics") { [core] in core.ensureTopics(topics, deadline: deadline) }.get()
    }

    /// Deletes the named topics. A topic that does not exist counts as deleted, so the call is
    /// idempotent. Throws if the request fails or `timeout` passes first.
    public func deleteTopics(_ names: [String], timeout: Duration) async throws(KafkaError) {
        guard !names.isEmpty else { return }
        let deadline = ContinuousClock.now + timeout
        try await core.thread.run("delete topics") { [core] in
            core.whileRunning("delete topics") { core.deleteTopics(names, deadline: deadline) }
        }.get()
    }

    /// Deletes every topic whose name starts with `prefix` (a test run's or a benchmark's topics,
    /// `e2e-1a2b3c4d.` say) and returns their names. An empty prefix is refused: it would name
    /// every topic in the cluster.
    @discardableResult
    public func deleteTopics(withPrefix prefix: String, timeout: Duration) async throws(KafkaError) -> [String] {
        guard !prefix.isEmpty else {
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, operation: "delete topics by prefix",
                             message: "an empty prefix would delete every topic")
        }
        // The listing waits as long as the caller allows too: a broker holding thousands of topics
        // takes seconds to describe them all.
        let deadline = ContinuousClock.now + timeout
        let names = try await core.thread.run("list topics") { [core] in
            core.whileRunning("list topics") { core.metadata(operation: "list topics", timeout: timeout) }
        }.get().map(\.name).filter { $0.hasPrefix(prefix) }
        try await deleteTopics(names, timeout: max(.seconds(1), deadline - ContinuousClock.now))
        return names
    }

    /// Every topic in the cluster with its partition ids, sorted by name.
    public func topics() async throws(KafkaError) -> [KafkaTopicMetadata] {
        try await core.thread.run("list topics") { [core] in
            core.whileRunning("list topics") { core.metadata(operation: "list topics") }
        }.get()
    }

    /// Asks the cluster for its brokers (a metadata request without topics), waiting at most
    /// `timeout`; returns how many there are. A cheap "does the broker answer?" for health checks.
    public func brokerCount(timeout: Duration) async throws(KafkaError) -> Int {
        try await core.thread.run("query brokers") { [core] in
            core.whileRunning("query brokers") { core.brokerCount(timeout: timeout) }
        }.get()
    }

    /// The low (oldest) and high (next to be written) offsets of a partition, from its leader.
    public func watermarks(topic: String, partition: Int32) async throws(KafkaError) -> (low: Int64, high: Int64) {
        let operation = "query watermarks of \(topic)[\(partition)]"
        let result = await core.thread.run(operation) { [core] in
            core.whileRunning(operation) { core.watermarks(topic: topic, partition: partition, operation: operation) }
        }
        let offsets = try result.get()
        return (offsets.low, offsets.high)
    }

    /// Stops the thread and destroys the handle. Idempotent.
    public func shutdown() async {
        await withCheckedContinuation { continuation in
            core.startShutdown(continuation: continuation)
        }
    }
}

/// Low and high watermark offsets.
struct KafkaWatermarks: Sendable {
    var low: Int64
    var high: Int64
}
