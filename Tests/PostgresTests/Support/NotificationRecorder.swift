import Postgres
import Synchronization
import TestSupport

/// Collects a listener's notifications as they arrive, so a test can wait for a condition on
/// them with ``waitUntil(_:timeout:pollEvery:_:)`` instead of sleeping.
final class NotificationRecorder: Sendable {
    private final class Storage: Sendable {
        let state = Mutex<(events: [PostgresNotification], finished: Bool)>(([], false))
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ listener: PostgresListener) {
        let storage = self.storage
        task = Task {
            for await event in listener.events() {
                storage.state.withLock { $0.events.append(event) }
            }
            storage.state.withLock { $0.finished = true }
        }
    }

    var events: [PostgresNotification] { storage.state.withLock { $0.events } }
    var reconnects: Int { events.filter(\.isReconnect).count }
    /// Whether the stream ended.
    var finished: Bool { storage.state.withLock { $0.finished } }

    func notifications(on channel: String) -> [PostgresNotification] {
        events.filter { !$0.isReconnect && $0.channel == channel }
    }

    func cancel() { task.cancel() }
}
