import CLibPQ
import Foundation
import Logging
import Synchronization

/// A notification from `NOTIFY` / `pg_notify`, or the listener's own signal that it (re)connected.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// `true` for the signal sent after each (re)connection: notifications sent while the listener
    /// was disconnected are lost, so a consumer should look for work it may have missed.
    public var isReconnect: Bool

    public init(channel: String, payload: String, isReconnect: Bool = false) {
        self.channel = channel
        self.payload = payload
        self.isReconnect = isReconnect
    }
}

/// Listens on channels over a dedicated connection of its own, on its own thread (waiting for the
/// socket with `poll`, never on the cooperative pool). When the connection breaks it reconnects
/// with backoff, listens again and emits a reconnect notification.
public final class PostgresListener: Sendable {
    private struct State {
        var stopping = false
        var finished = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    public let channels: [String]
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let state = Mutex(State())
    private let stream: AsyncStream<PostgresNotification>
    private let continuation: AsyncStream<PostgresNotification>.Continuation

    /// Starts listening at once on `channels` (plain identifiers, chosen by code).
    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger) {
        self.configuration = configuration
        self.channels = channels
        var logger = logger
        logger[metadataKey: "component"] = "postgres-listener"
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: PostgresNotification.self, bufferingPolicy: .bufferingNewest(1024))
        let thread = Thread { [self] in self.loop() }
        thread.name = "otop.postgres.listener"
        thread.start()
    }

    /// The notifications, in arrival order; ends after ``close()``.
    public func events() -> AsyncStream<PostgresNotification> {
        stream
    }

    /// Stops listening and waits until the connection is closed.
    public func close() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyFinished = state.withLock { state -> Bool in
                state.stopping = true
                if state.finished { return true }
                state.closeWaiters.append(waiter)
                return false
            }
            if alreadyFinished { waiter.resume() }
        }
    }

    private var isStopping: Bool { state.withLock { $0.stopping } }

    private func loop() {
        var failures = 0
        while !isStopping {
            do {
                let handle = try LibPQ.connect(configuration)
                defer { PQfinish(handle) }
                for channel in channels {
                    try LibPQ.executeScript(handle, "LISTEN \"\(channel.replacingAll("\"", with: "\"\""))\"")
                }
                if failures > 0 { logger.info("postgres listener reconnected", metadata: ["channels": "\(channels)"]) }
                failures = 0
                continuation.yield(PostgresNotification(channel: "", payload: "", isReconnect: true))
                try receive(on: handle)
            } catch {
                if isStopping { break }
                failures += 1
                let delay = min(5.0, 0.1 * pow(2.0, Double(min(failures, 6))))
                logger.warning("postgres listener disconnected; retrying", metadata: [
                    "error": "\(error)", "attempt": "\(failures)", "retry_in_s": "\(delay)"])
                pause(seconds: delay)
            }
        }
        continuation.finish()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.finished = true
            defer { state.closeWaiters.removeAll() }
            return state.closeWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits for input in slices of 200 ms (so `close()` is noticed quickly) and yields every
    /// notification; returns when stopping, throws when the connection breaks.
    private func receive(on handle: OpaquePointer) throws(PostgresError) {
        while !isStopping {
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
                throw PostgresError(code: .connectionLost, message: LibPQ.errorMessage(handle))
            }
            while let notification = PQnotifies(handle) {
                let channel = String(cString: notification.pointee.relname)
                let payload = notification.pointee.extra.map { String(cString: $0) } ?? ""
                PQfreemem(notification)
                continuation.yield(PostgresNotification(channel: channel, payload: payload))
            }
        }
    }

    private func pause(seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopping && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    }
}
