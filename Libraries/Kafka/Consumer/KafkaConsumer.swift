import CRdKafka
import Logging

/// A group consumer that hands out batches and commits only offsets the application stored.
///
/// Offsets: `enable.auto.offset.store=false`, `enable.auto.commit=true`. The application calls
/// `storeOffsets(for:)` after its work for a batch is durable (e.g. the inbox transaction committed);
/// librdkafka commits the stored offsets every `auto.commit.interval.ms`, before partitions are
/// revoked in a rebalance, and on `close()`. A message whose offset was never stored is read again
/// by whoever owns its partition next: at-least-once.
///
/// Threading: all blocking calls (waiting for messages, commit, consumer close, destroy) run on the
/// consumer's dedicated thread, which also polls the main queue for log lines, errors and statistics
/// between them. Partition assignment is eager round-robin, done by librdkafka itself (no rebalance
/// callback): see docs/kafka.md.
public final class KafkaConsumer: Sendable {
    private let core: Core

    /// Creates the group consumer (`enable.auto.offset.store=false`, `enable.auto.commit=true`) and
    /// subscribes to `configuration.topics`. Joining the group happens in the background.
    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws(KafkaError) {
        core = try Core(configuration: configuration, logger: logger)
    }

    deinit {
        core.startClose(continuation: nil)
    }

    /// Up to `maxBatchSize` messages, in partition order; waits up to `batchWait` for the first and
    /// returns `[]` if none came. Throws on a fatal consumer error or after `close()`.
    public func nextBatch() async throws(KafkaError) -> [KafkaIncomingMessage] {
        try await core.thread.run("consume") { [core] in core.fetchBatch() }.get()
    }

    /// Stores `offset + 1` of the highest message per partition, to be committed (auto-commit, or
    /// `commit()`, or `close()`). Partitions no longer assigned (after a rebalance) are skipped
    /// silently: their new owner reads those messages again. Does not block.
    public func storeOffsets(for messages: [KafkaIncomingMessage]) throws(KafkaError) {
        try core.storeOffsets(for: messages)
    }

    /// Synchronously commits the stored offsets (nothing stored is not an error).
    public func commit() async throws(KafkaError) {
        try await core.thread.run("commit offsets") { [core] in core.commitStored() }.get()
    }

    /// Commits the stored offsets and destroys the handle; with `leavesGroupOnClose` it also leaves
    /// the group (the others rebalance at once), without it the group moves this member's partitions
    /// after the session timeout. Idempotent; concurrent callers all return when it is done.
    public func close() async {
        await withCheckedContinuation { continuation in
            core.startClose(continuation: continuation)
        }
    }

    /// ``close()``, waited for at most `timeout`: returns `true` when the consumer closed in time,
    /// `false` when it gave up waiting. The close commits the stored offsets (and leaves the group,
    /// when configured to), and waits for the coordinator's answers as long as librdkafka's own request
    /// timeouts allow (a minute by default): a frozen or unreachable coordinator can hold it that
    /// long. After `false` the close goes on, on the consumer's thread, and the handle is destroyed
    /// when it ends; a process that is stopping can exit meanwhile. What was stored but not committed
    /// is read again by the partitions' next owner (at-least-once).
    @discardableResult
    public func close(timeout: Duration) async -> Bool {
        // The first of the two to finish answers; the close itself goes on either way.
        let (outcomes, outcome) = AsyncStream.makeStream(of: Bool.self)
        Task { [self] in
            await close()
            outcome.yield(true)
            outcome.finish()
        }
        let deadline = Task {
            try? await Task.sleep(for: timeout)
            outcome.yield(false)
            outcome.finish()
        }
        defer { deadline.cancel() }
        for await closed in outcomes { return closed }
        return false
    }

    /// Topic-partitions currently assigned to this member (empty once closed).
    public var assignment: [KafkaTopicPartition] { core.assignment() }

    /// The most recent librdkafka statistics, when `statisticsInterval` is set.
    public var latestStatistics: KafkaStatistics? { core.client.statistics?.latest }

    /// The last transient error librdkafka reported (they are logged and retried, not thrown).
    public var lastTransientError: KafkaError? { core.client.lastTransientError }
}
