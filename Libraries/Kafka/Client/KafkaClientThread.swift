import Foundation
import Synchronization

/// The dedicated OS thread of one client.
///
/// Every blocking librdkafka call of a client runs here as a job (fetch, commit, consumer close,
/// admin requests, destroy), and between jobs the thread polls the client's main event queue
/// (`idle`), which is where log lines, errors, statistics and delivery reports arrive. Swift
/// continuations are resumed from here, so nothing blocking runs on Swift's cooperative pool.
///
/// Life cycle: `submit` queues a job and wakes the thread (`wake` must make a running `idle` return,
/// e.g. `rd_kafka_queue_yield`). The client's last job calls `finish()` *before* it destroys the
/// handle: from then on `submit` refuses jobs (so `wake` never touches a destroyed queue), jobs
/// queued earlier still run (they find the client closed), and the thread exits.
final class KafkaClientThread: Sendable {
    /// A unit of work for the thread.
    typealias Job = @Sendable () -> Void

    private struct Jobs {
        var queued: [Job] = []
        var finished = false
    }

    private let jobs = Mutex(Jobs())
    private let wake: @Sendable () -> Void

    /// Starts the thread `name`; it calls `idle` whenever no job is queued.
    init(name: String, wake: @escaping @Sendable () -> Void, idle: @escaping @Sendable () -> Void) {
        self.wake = wake
        let thread = Thread { [self] in
            self.run(idle: idle)
        }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; `false` if the thread has finished (the job will never run).
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        jobs.withLock { jobs in
            guard !jobs.finished else { return false }
            jobs.queued.append(job)
            // Under the lock: `finish()` cannot complete (and the handle be destroyed) meanwhile.
            wake()
            return true
        }
    }

    /// Runs `body` on the thread and returns its result; a closed-client error if the thread has
    /// finished.
    func run<Value: Sendable>(
        _ operation: String, _ body: @escaping @Sendable () -> Result<Value, KafkaError>
    ) async -> Result<Value, KafkaError> {
        await withCheckedContinuation { continuation in
            let queued = submit { continuation.resume(returning: body()) }
            if !queued { continuation.resume(returning: .failure(.clientClosed(operation))) }
        }
    }

    /// Called from a job on this thread, before the client destroys its handle: refuse new jobs,
    /// stop idling, exit once the queued jobs have run.
    func finish() {
        jobs.withLock { $0.finished = true }
    }

    private func run(idle: @Sendable () -> Void) {
        while true {
            let (batch, finished) = jobs.withLock { jobs in
                defer { jobs.queued.removeAll() }
                return (jobs.queued, jobs.finished)
            }
            if batch.isEmpty {
                if finished { return }
                idle()
            } else {
                for job in batch { job() }
            }
        }
    }
}
