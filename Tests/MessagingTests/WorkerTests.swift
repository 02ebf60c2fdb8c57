import Foundation
import Logging
import Messaging
import Postgres
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The one worker loop every long-running worker runs on: when the next pass comes (at once, at an
/// instant, when woken by NOTIFY, at most after the idle re-check), failures recorded and retried
/// with backoff, lanes side by side, and graceful shutdown finishing the pass in hand.
@Suite("Worker loop (real PostgreSQL for NOTIFY)")
struct WorkerTests {
    /// A worker whose passes the test scripts: pass `n` (from 1) runs `script(n)`.
    struct ScriptedWorker: Worker {
        let settings: WorkerSettings
        let progress = WorkerProgress()
        let logger: Logger
        let passes = PassCount()
        let script: @Sendable (Int) async throws -> NextPass

        func pass() async throws -> NextPass {
            try await script(passes.started())
        }
    }

    /// How many passes began.
    final class PassCount: Sendable {
        private let count = Mutex(0)

        /// A pass begins; returns its number.
        func started() -> Int { count.withLock { $0 += 1; return $0 } }
        var value: Int { count.withLock { $0 } }
    }

    private let logger: Logger = {
        var logger = Logger(label: "worker-tests")
        logger.logLevel = .critical
        return logger
    }()

    private func settings(channel: String? = nil, lanes: Int = 1, idleRecheck: Duration = .seconds(3600),
                          clock: any WallClock = .system) throws -> WorkerSettings {
        let notifications = try channel.map {
            WorkerSettings.Notifications(postgres: try PostgresConfiguration(url: try TestEnvironment.databaseURL()), channels: [$0])
        }
        return WorkerSettings(name: "scripted", notifications: notifications, lanes: lanes, idleRecheck: idleRecheck,
                              retry: RetryPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(20)), clock: clock)
    }

    /// Runs `worker` in a service group while `body` runs, then shuts the group down gracefully.
    private func running(_ worker: some Worker, _ body: (ServiceGroup) async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: worker)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await tearingDown({ await group.triggerGracefulShutdown() }) { try await body(group) }
            try await tasks.waitForAll()
        }
    }

    @Test("a pass that asks for .now runs again at once; one that asks to be woken sleeps until a NOTIFY on its channel")
    func nowAndNotify() async throws {
        let channel = uniqueName("worker_wake")
        let worker = ScriptedWorker(settings: try settings(channel: channel), logger: logger) { pass in
            pass < 4 ? .now : .whenWoken
        }
        try await running(worker) { _ in
            _ = try await eventually("three passes asking for more, then one asking to be woken", timeout: .seconds(60)) {
                worker.passes.value >= 4 ? true : nil
            }
            let pool = PostgresPool(configuration: try PostgresConfiguration(url: try TestEnvironment.databaseURL()),
                                    maxConnections: 1, logger: logger)
            try await tearingDown({ await pool.close() }) {
                // Until the listener listens, a notification is lost: notify until one wakes the worker.
                let listening = try await eventually("a notification to wake the worker", timeout: .seconds(60)) {
                    let before = worker.passes.value
                    try await pool.execute("SELECT pg_notify(\(channel), '')")
                    try await waitUntil("a pass", timeout: .milliseconds(300)) { worker.passes.value > before }
                    return worker.passes.value
                }
                // Listening now, and the idle re-check is an hour away: only the next NOTIFY can wake it.
                try await pool.execute("SELECT pg_notify(\(channel), '')")
                try await waitUntil("the pass the NOTIFY asked for", timeout: .seconds(60)) { worker.passes.value > listening }
            }
            #expect(worker.progress.snapshot.completedPasses == worker.passes.value)
        }
    }

    @Test("a failing pass is recorded for the probes and retried with backoff; the next good pass ends the run of failures")
    func failuresRetried() async throws {
        struct ScriptedFailure: Error, CustomStringConvertible {
            let pass: Int
            var description: String { "scripted failure \(pass)" }
        }
        let seen = Mutex<WorkerProgress.Snapshot?>(nil)
        let progress = Mutex<WorkerProgress?>(nil)
        let worker = ScriptedWorker(settings: try settings(), logger: logger) { pass in
            if pass <= 2 { throw ScriptedFailure(pass: pass) }
            if pass == 3 { seen.withLock { $0 = progress.withLock { $0 }?.snapshot } }
            return .whenWoken
        }
        progress.withLock { $0 = worker.progress }
        try await running(worker) { _ in
            try await waitUntil("the good third pass", timeout: .seconds(60)) { worker.progress.snapshot.completedPasses == 1 }
        }
        let failing = try #require(seen.withLock { $0 })
        #expect(failing.failingSince != nil && failing.lastError == "scripted failure 2", "the failures were recorded: \(failing)")
        #expect(worker.progress.snapshot.failingSince == nil && worker.progress.snapshot.lastError == nil)
        #expect(worker.passes.value == 3)
    }

    @Test("an instant already past runs the next pass at once; one far ahead on the worker's clock waits at most the idle re-check")
    func instantsOnTheClock() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let worker = ScriptedWorker(settings: try settings(idleRecheck: .milliseconds(100), clock: clock), logger: logger) { pass in
            .at(start.addingTimeInterval(pass == 1 ? -60 : 365 * 86_400))
        }
        try await running(worker) { _ in
            try await waitUntil("a pass after the one asking for next year", timeout: .seconds(60)) { worker.passes.value >= 3 }
        }
    }

    @Test("lanes take passes side by side")
    func lanes() async throws {
        let inFlight = Mutex(0)
        let worker = ScriptedWorker(settings: try settings(lanes: 3), logger: logger) { _ in
            inFlight.withLock { $0 += 1 }
            // Returns only once all three lanes are in a pass at the same time.
            try await waitUntil("three passes in flight at once", timeout: .seconds(60)) { inFlight.withLock { $0 } >= 3 }
            return .whenWoken
        }
        try await running(worker) { _ in
            try await waitUntil("three passes done", timeout: .seconds(60)) { worker.progress.snapshot.completedPasses == 3 }
        }
        #expect(worker.progress.snapshot.failingSince == nil)
    }

    @Test("graceful shutdown lets the pass in hand finish and starts no other; a worker asleep stops at once")
    func gracefulShutdown() async throws {
        let finished = Mutex(false)
        let busy = ScriptedWorker(settings: try settings(), logger: logger) { _ in
            // The pass in hand sees the shutdown begin, and still finishes.
            try await waitUntil("graceful shutdown to begin", timeout: .seconds(60)) { Task.isShuttingDownGracefully }
            finished.withLock { $0 = true }
            return .now
        }
        let group = ServiceGroup(configuration: .init(services: [.init(service: busy)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil("the first pass to start", timeout: .seconds(60)) { busy.passes.value == 1 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(finished.withLock { $0 }, "the pass in hand was finished")
        #expect(busy.passes.value == 1, "no pass started after shutdown began, though the pass asked for another at once")

        // Asleep for an hour: shutdown ends the wait.
        let asleep = ScriptedWorker(settings: try settings(), logger: logger) { _ in .whenWoken }
        let started = ContinuousClock.now
        try await running(asleep) { _ in
            try await waitUntil("the first pass", timeout: .seconds(60)) { asleep.progress.snapshot.completedPasses == 1 }
        }
        #expect(ContinuousClock.now - started < .seconds(600), "stopped without waiting for its idle re-check")
    }
}
