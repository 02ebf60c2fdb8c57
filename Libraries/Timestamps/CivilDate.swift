import Foundation

/// A calendar date without a time or a zone (`2027-04-20`): a certificate's validity, a reminder's
/// due date, an audit date. Stored as days since 1970-01-01 so comparison and day arithmetic are
/// exact; written and read as `YYYY-MM-DD` (events, the API, PostgreSQL's `date`).
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The date `year-month-day`; `nil` when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.daysSinceEpoch = CivilCalendar.days(fromYear: Int64(year), month: Int64(month), day: Int64(day))
    }

    /// Reads exactly `YYYY-MM-DD`; `nil` for anything else or a date that does not exist.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The calendar date of `instant` in a zone `secondsFromGMT` ahead of UTC (Bangkok: 25,200).
    public init(_ instant: Date, secondsFromGMT: Int) {
        let seconds = Int64((instant.timeIntervalSince1970).rounded(.down)) + Int64(secondsFromGMT)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.daysSinceEpoch = days
    }

    public var year: Int { Int(CivilCalendar.date(fromDays: daysSinceEpoch).year) }
    public var month: Int { Int(CivilCalendar.date(fromDays: daysSinceEpoch).month) }
    public var day: Int { Int(CivilCalendar.date(fromDays: daysSinceEpoch).day) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = CivilCalendar.date(fromDays: daysSinceEpoch)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// The same day `months` later; the last day of the month when that day does not exist
    /// (31 January + 1 month = 28 or 29 February).
    public func adding(months: Int) -> CivilDate {
        let (year, month, day) = CivilCalendar.date(fromDays: daysSinceEpoch)
        let total = year * 12 + (month - 1) + Int64(months)
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        let newDay = min(day, Int64(CivilDate.daysIn(month: Int(newMonth), year: Int(newYear))))
        return CivilDate(daysSinceEpoch: CivilCalendar.days(fromYear: newYear, month: newMonth, day: newDay))
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CivilDate) -> Int {
        Int(other.daysSinceEpoch - daysSinceEpoch)
    }

    /// The instant this date begins in a zone `secondsFromGMT` ahead of UTC, plus `secondsIntoDay`.
    public func instant(secondsFromGMT: Int, secondsIntoDay: Int = 0) -> Date {
        Date(timeIntervalSince1970: Double(daysSinceEpoch * 86_400 - Int64(secondsFromGMT) + Int64(secondsIntoDay)))
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
