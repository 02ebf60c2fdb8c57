import Logging
import Messaging
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// `withShutdownGrace`: what bounds an inbox batch that hangs where cancellation cannot reach.
@Suite("Shutdown grace")
struct ShutdownGraceTests {
    /// A service that runs `body` under a grace of `grace` and records what it came to.
    final class GracedWork: Service {
        let grace: Duration
        let body: @Sendable () async throws -> Int
        let started = Mutex(false)
        let outcome = Mutex<Int??>(nil)

        init(grace: Duration, body: @escaping @Sendable () async throws -> Int) {
            self.grace = grace
            self.body = body
        }

        func run() async throws {
            started.withLock { $0 = true }
            let value = try await withShutdownGrace(grace, body)
            outcome.withLock { $0 = .some(value) }
        }
    }

    private let logger = Logger(label: "shutdown-grace-tests")

    private func stop(_ work: GracedWork) async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: work)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await waitUntil("the work to start", timeout: .seconds(60)) { work.started.withLock { $0 } }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("work that hangs past the grace after shutdown began is abandoned: the caller gets nil and goes on")
    func hangingWorkIsAbandoned() async throws {
        // Sleeps an hour and is never cancelled (it runs detached), like a blocking libpq call.
        let work = GracedWork(grace: .milliseconds(200)) {
            try await Task.sleep(for: .seconds(3600))
            return 1
        }
        let started = ContinuousClock.now
        try await stop(work)
        #expect(work.outcome.withLock { $0 } == .some(nil), "the caller was given nil")
        #expect(ContinuousClock.now - started < .seconds(600), "the caller did not wait for the work's hour")
    }

    @Test("work that finishes within the grace after shutdown began gives its value")
    func workWithinTheGraceFinishes() async throws {
        let work = GracedWork(grace: .seconds(600)) {
            try await waitUntil("graceful shutdown to begin", timeout: .seconds(60)) { Task.isShuttingDownGracefully }
            return 7
        }
        try await stop(work)
        #expect(work.outcome.withLock { $0 } == .some(7))
    }
}
