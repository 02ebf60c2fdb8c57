import Foundation
import Synchronization

/// The time a fixture's routes read (``RouteFixture/with(now:_:)`` takes ``now``), moved by the
/// test: requests submitted in the past, then read as of today.
final class RouteClock: Sendable {
    private let instant: Mutex<Date>

    /// Starts at `start`, whole seconds (PostgreSQL keeps microseconds; tests compare times).
    init(_ start: Date) {
        instant = Mutex(Date(timeIntervalSince1970: start.timeIntervalSince1970.rounded(.down)))
    }

    /// The current instant, as a closure the fixture calls.
    var now: @Sendable () -> Date { { self.instant.withLock { $0 } } }

    func set(_ date: Date) {
        instant.withLock { $0 = date }
    }
}
