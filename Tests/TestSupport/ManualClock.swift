import Foundation
import Messaging
import Synchronization

/// A ``Messaging/WallClock`` the test sets and moves by hand: moving it months ahead takes no time.
public final class ManualClock: WallClock {
    private let instant: Mutex<Date>

    /// Starts at `start` (by default a fixed instant in November 2026).
    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) {
        instant = Mutex(start)
    }

    /// The clock's instant (never suspends or throws).
    public func now() -> Date { instant.withLock { $0 } }

    /// Moves the clock to `date`.
    public func set(_ date: Date) {
        instant.withLock { $0 = date }
    }

    /// Moves the clock `seconds` ahead.
    public func advance(by seconds: TimeInterval) {
        instant.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
