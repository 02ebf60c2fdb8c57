import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// A long-running worker: the one shape of every database-driven loop here (the outbox relay, the
/// proposal expiry and reminder schedulers, the notification delivery lanes, the weekly digest). It
/// repeats a pass — publish a batch, expire what is due, scan a day, deliver a message — and each
/// pass says when it wants the next (``NextPass``). The loop around it is written once, in this
/// protocol's `run()`:
///
/// - **Waking**: the worker sleeps until its next pass is due, at most
///   ``WorkerSettings/idleRecheck``, and every lane wakes at once on a `NOTIFY` on its
///   ``WorkerSettings/notifications`` channels (the listener reconnects by itself, and its reconnect
///   signal wakes the lanes too, so a notification lost while disconnected costs nothing).
/// - **Failures**: a pass that throws is recorded in ``progress`` and retried after
///   ``WorkerSettings/retry``'s backoff; a pass that returns is recorded as a success, which ends a
///   run of failures. The probes read ``progress``.
/// - **Shutdown** (swift-service-lifecycle's graceful shutdown): the pass in hand is finished, no
///   other starts, and a wait in progress ends at once (`cancelWhenGracefulShutdown`).
///
/// ```swift
/// struct DigestScheduler: Worker {
///     var settings: WorkerSettings { WorkerSettings(name: "digest-scheduler", idleRecheck: .seconds(60)) }
///     let progress = WorkerProgress()
///     let logger: Logger
///
///     func pass() async throws -> NextPass {
///         try await sendDue()
///         return .at(schedule.nextSendTime(after: try await clock.now()))
///     }
/// }
/// ```
public protocol Worker: Service {
    associatedtype Progress: PassRecorder

    /// How the worker is run.
    var settings: WorkerSettings { get }
    /// Where each pass is recorded for the probes.
    var progress: Progress { get }
    /// Where the loop logs (with `component` set to the worker's name).
    var logger: Logger { get }

    /// One pass: does the work in hand and says when the next should run. Throwing means "retry
    /// with backoff"; a pass that must not be retried for ever handles that itself (and returns).
    func pass() async throws -> NextPass
}

extension Worker {
    /// Runs the worker's lanes until graceful shutdown (the pass in hand is finished first) or
    /// cancellation.
    public func run() async throws {
        let settings = settings
        let logger = componentLogger(settings.name)
        let wakeups = (0..<max(1, settings.lanes)).map { _ in WakeupSignal() }
        let listener = settings.notifications.map {
            PostgresListener(configuration: $0.postgres, channels: $0.channels, logger: logger)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let listener {
                group.addTask { for await _ in listener.events() { wakeups.forEach { $0.signal() } } }
            }
            for wakeup in wakeups {
                group.addTask { await lane(wakeup: wakeup, settings: settings, logger: logger) }
            }
            // The listener's task ends only with the group: wait for the lanes.
            for _ in wakeups { try await group.next() }
            group.cancelAll()
        }
        await listener?.close()
        logger.info("\(settings.name) stopped")
    }

    private func componentLogger(_ name: String) -> Logger {
        var logger = logger
        logger[metadataKey: "component"] = "\(name)"
        return logger
    }

    /// One lane: pass, record, wait, until graceful shutdown or cancellation.
    private func lane(wakeup: WakeupSignal, settings: WorkerSettings, logger: Logger) async {
        var failures = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var wait: Duration?
            do {
                let next = try await pass()
                progress.succeeded()
                failures = 0
                wait = try await delay(before: next, settings: settings)
            } catch {
                if Task.isCancelled { break }
                progress.failed(error)
                failures += 1
                let delay = settings.retry.delay(attempt: failures)
                logger.warning("\(settings.name) pass failed; retrying", metadata: [
                    "error": "\(error)", "attempt": "\(failures)", "retry_in": "\(delay)"])
                wait = delay
            }
            guard let wait else { continue }
            await cancelWhenGracefulShutdown { await wakeup.wait(timeout: wait) }
        }
    }

    /// How long to wait before the pass `next` asks for (nil: none), at most the idle re-check.
    private func delay(before next: NextPass, settings: WorkerSettings) async throws -> Duration? {
        switch next {
        case .now:
            return nil
        case .at(let instant):
            // Rounded up, plus a millisecond, so the next pass finds the instant passed.
            let milliseconds = max(0, instant.timeIntervalSince(try await settings.clock.now()) * 1000)
            return min(.milliseconds(Int64(milliseconds.rounded(.up)) + 1), settings.idleRecheck)
        case .after(let delay):
            return min(delay, settings.idleRecheck)
        case .whenWoken:
            return settings.idleRecheck
        }
    }
}
