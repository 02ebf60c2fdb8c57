import Foundation
import TestSupport
import Timestamps

/// The tracker's tests think in days: the clock stands at 12:00 Bangkok time on the day they name.
extension ManualClock {
    /// Starts at 12:00 Bangkok time on `day`.
    convenience init(day: String) {
        self.init(ManualClock.noon(day))
    }

    /// Moves to 12:00 Bangkok time on `day`.
    func set(_ day: String) {
        set(ManualClock.noon(day))
    }

    static func noon(_ day: String) -> Date {
        CivilDate(day)!.instant(secondsFromGMT: 7 * 3600, secondsIntoDay: 12 * 3600)
    }
}
