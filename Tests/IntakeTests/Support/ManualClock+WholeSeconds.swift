import Foundation
import TestSupport

extension ManualClock {
    /// A clock at `start` rounded down to whole seconds, for route tests that compare the times a
    /// route answers with the clock's (PostgreSQL keeps microseconds, RFC 3339 answers fewer).
    static func wholeSeconds(_ start: Date) -> ManualClock {
        ManualClock(Date(timeIntervalSince1970: start.timeIntervalSince1970.rounded(.down)))
    }
}
