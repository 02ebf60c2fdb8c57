import Foundation
import Timestamps

/// The ISO text form of timestamps the session uses (`DateStyle=ISO`, `TimeZone=UTC`):
/// `2026-11-28 02:15:11.123456+00`, exact to the microsecond (shared code in ``UTCTimestamp``).
enum TimestampText {
    /// `date` as `YYYY-MM-DD HH:MM:SS.ffffff+00`, rounded to the microsecond.
    static func format(_ date: Date) -> String {
        UTCTimestamp.string(from: date, style: .postgres)
    }

    /// Parses `timestamptz`, `timestamp` (taken as UTC) and `date` (midnight UTC) text; `nil` when malformed.
    static func parse(_ text: String) -> Date? {
        UTCTimestamp.date(from: text, style: .postgres)
    }
}
