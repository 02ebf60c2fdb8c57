import Foundation
import Synchronization
import Timestamps
@testable import CertificationService

/// The injectable clock of the unit tests: "now" is whatever the test sets; moving it months ahead
/// takes no time.
final class ManualClock: CertificationClock {
    private let instant: Mutex<Date>

    /// Starts at 12:00 Bangkok time on `day`.
    init(_ day: String) {
        instant = Mutex(ManualClock.noon(day))
    }

    func now() async throws -> Date { instant.withLock { $0 } }

    /// Moves to 12:00 Bangkok time on `day`.
    func set(_ day: String) {
        instant.withLock { $0 = ManualClock.noon(day) }
    }

    func set(_ date: Date) {
        instant.withLock { $0 = date }
    }

    static func noon(_ day: String) -> Date {
        CivilDate(day)!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600)
    }
}
