import Foundation
import Synchronization

/// Where the service reads the time for schedules (the weekly digest); tests set it.
protocol NotificationClock: Sendable {
    func now() -> Date
}

/// The system's clock.
struct SystemClock: NotificationClock {
    func now() -> Date { Date() }
}

/// A clock the test moves by hand.
final class ManualClock: NotificationClock {
    private let current: Mutex<Date>

    init(_ start: Date) {
        current = Mutex(start)
    }

    func now() -> Date { current.withLock { $0 } }

    func set(_ date: Date) { current.withLock { $0 = date } }

    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
