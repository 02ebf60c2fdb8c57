import Logging
import Postgres
import ServiceLifecycle

/// The shape every database-driven worker here shares (the outbox relay, the schedulers, the
/// delivery lanes): one or more loops that sleep on a ``WakeupSignal`` until work may be there,
/// woken by `NOTIFY` on the worker's channels, and stopped by graceful shutdown after the work in hand.
public enum NotifiedLoop {
    /// Runs `lanes` copies of `loop` until they return (they should, once `stopping` is set) or the
    /// task is cancelled. Every notification on `channels` signals every lane's wake-up; graceful
    /// shutdown sets `stopping` and signals them too. The listener reconnects by itself
    /// (``PostgresListener``), so a lost connection costs at most a loop's own polling interval.
    public static func run(postgres: PostgresConfiguration, channels: [String], lanes: Int = 1, logger: Logger,
                           _ loop: @escaping @Sendable (_ wakeup: WakeupSignal, _ stopping: ShutdownFlag) async throws -> Void)
        async throws {
        let listener = PostgresListener(configuration: postgres, channels: channels, logger: logger)
        let wakeups = (0..<max(1, lanes)).map { _ in WakeupSignal() }
        let stopping = ShutdownFlag()
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for await _ in listener.events() { wakeups.forEach { $0.signal() } } }
                for wakeup in wakeups {
                    group.addTask { try await loop(wakeup, stopping) }
                }
                // The listener's task ends only with the group: wait for the lanes.
                for _ in wakeups { try await group.next() }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.set()
            wakeups.forEach { $0.signal() }
        }
        await listener.close()
    }
}
