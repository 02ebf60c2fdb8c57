extension KafkaProducer {
    /// Everything mutable about a producer, guarded by one mutex: the phase (running → shutting down
    /// → closed), the messages awaiting delivery reports, the send batches they belong to, and who
    /// waits for a flush or the shutdown. Methods return what the caller must do (resume whom)
    /// outside the lock.
    struct StateMachine {
        /// The producer's life cycle.
        enum Phase {
            /// Sends are accepted.
            case running
            /// `shutdown` is flushing; new sends fail.
            case shuttingDown
            /// The handle is destroyed.
            case closed
        }

        typealias Results = [Result<KafkaDeliveryReport, KafkaError>]
        typealias BatchContinuation = CheckedContinuation<Results, Never>
        typealias FlushContinuation = CheckedContinuation<Result<Void, KafkaError>, Never>

        /// One `send` call: a result slot per message, filled by delivery reports.
        struct Batch {
            var results: [Result<KafkaDeliveryReport, KafkaError>?]
            var remaining: Int
            var continuation: BatchContinuation?
        }

        /// A `flush` caller.
        struct FlushWaiter {
            var deadline: ContinuousClock.Instant
            var continuation: FlushContinuation
        }

        /// A batch whose last result arrived while its sender was waiting.
        struct CompletedBatch {
            var continuation: BatchContinuation
            var results: Results
        }

        private(set) var phase: Phase = .running
        private var nextMessageID: UInt = 1
        private var nextBatchID: UInt = 1
        /// Message id (the librdkafka msg_opaque) → its batch and index.
        private var inFlight: [UInt: (batch: UInt, index: Int)] = [:]
        private var batches: [UInt: Batch] = [:]
        private var flushWaiters: [FlushWaiter] = []
        private var shutdownWaiters: [CheckedContinuation<Void, Never>] = []

        init() {}

        /// Messages enqueued and not yet reported.
        var inFlightCount: Int { inFlight.count }

        /// Opens a batch of `count` messages.
        mutating func startBatch(count: Int) -> UInt {
            defer { nextBatchID += 1 }
            batches[nextBatchID] = Batch(results: Array(repeating: nil, count: count), remaining: count)
            return nextBatchID
        }

        /// Registers message `index` of `batch` before it is enqueued; returns its msg_opaque id.
        mutating func register(batch: UInt, index: Int) -> UInt {
            defer { nextMessageID += 1 }
            inFlight[nextMessageID] = (batch, index)
            return nextMessageID
        }

        /// Forgets message `id` that librdkafka did not take (queue full: it will be tried again).
        mutating func unregister(_ id: UInt) {
            inFlight[id] = nil
        }

        /// The delivery report (or enqueue failure) of message `id`.
        mutating func complete(_ id: UInt, with result: Result<KafkaDeliveryReport, KafkaError>) -> CompletedBatch? {
            guard let entry = inFlight.removeValue(forKey: id) else { return nil }
            return fill(batch: entry.batch, index: entry.index, with: result)
        }

        /// Message `index` of `batch` failed before librdkafka took it.
        mutating func fail(batch: UInt, index: Int, with error: KafkaError) -> CompletedBatch? {
            fill(batch: batch, index: index, with: .failure(error))
        }

        /// The sender waits for `batch`: returns the results at once if all are in.
        mutating func wait(for batch: UInt, continuation: BatchContinuation) -> Results? {
            guard let entry = batches[batch] else { return [] }
            if entry.remaining == 0 {
                batches[batch] = nil
                return entry.results.map { $0! }
            }
            batches[batch]?.continuation = continuation
            return nil
        }

        private mutating func fill(batch id: UInt, index: Int, with result: Result<KafkaDeliveryReport, KafkaError>)
            -> CompletedBatch? {
            guard var batch = batches[id], batch.results[index] == nil else { return nil }
            batch.results[index] = result
            batch.remaining -= 1
            if batch.remaining == 0, let continuation = batch.continuation {
                batches[id] = nil
                return CompletedBatch(continuation: continuation, results: batch.results.map { $0! })
            }
            batches[id] = batch
            return nil
        }

        /// A `flush` caller: `true` if nothing is in flight (done at once), else it waits.
        mutating func addFlushWaiter(deadline: ContinuousClock.Instant, continuation: FlushContinuation) -> Bool {
            if inFlight.isEmpty { return true }
            flushWaiters.append(FlushWaiter(deadline: deadline, continuation: continuation))
            return false
        }

        /// Flush waiters that are done (nothing in flight: `.success`) or out of time (`.failure`).
        mutating func finishedFlushWaiters(now: ContinuousClock.Instant) -> [(FlushContinuation, Bool)] {
            guard !flushWaiters.isEmpty else { return [] }
            if inFlight.isEmpty {
                defer { flushWaiters.removeAll() }
                return flushWaiters.map { ($0.continuation, true) }
            }
            let expired = flushWaiters.filter { $0.deadline <= now }
            flushWaiters.removeAll { $0.deadline <= now }
            return expired.map { ($0.continuation, false) }
        }

        /// Whether any flush caller waits (the poll thread then polls more often).
        var hasFlushWaiters: Bool { !flushWaiters.isEmpty }

        /// What `shutdown` must do.
        enum ShutdownAction {
            /// Start it: this caller is the first.
            case start
            /// It is under way: the continuation is resumed when it is done.
            case wait
            /// Already done.
            case done
        }

        /// A `shutdown` caller (`continuation` nil: from `deinit`).
        mutating func beginShutdown(_ continuation: CheckedContinuation<Void, Never>?) -> ShutdownAction {
            switch phase {
            case .closed:
                return .done
            case .shuttingDown:
                if let continuation { shutdownWaiters.append(continuation) }
                return .wait
            case .running:
                phase = .shuttingDown
                if let continuation { shutdownWaiters.append(continuation) }
                return .start
            }
        }

        /// Everyone still waiting when the handle is about to be destroyed.
        struct Leftovers {
            var batches: [CompletedBatch] = []
            var flushWaiters: [FlushContinuation] = []
            var shutdownWaiters: [CheckedContinuation<Void, Never>] = []
        }

        /// Marks the producer closed and fails every message still in flight with `error`.
        mutating func close(failingWith error: KafkaError) -> Leftovers {
            phase = .closed
            var leftovers = Leftovers()
            for id in Array(inFlight.keys) {
                if let completed = complete(id, with: .failure(error)) { leftovers.batches.append(completed) }
            }
            leftovers.flushWaiters = flushWaiters.map(\.continuation)
            leftovers.shutdownWaiters = shutdownWaiters
            flushWaiters.removeAll()
            shutdownWaiters.removeAll()
            return leftovers
        }
    }
}
