import Foundation

/// The ISO text form of timestamps the session uses (`DateStyle=ISO`, `TimeZone=UTC`):
/// `2026-11-28 02:15:11.123456+00`. Written here (not with a DateFormatter) because it is on every
/// row's path and must be exact to the microsecond.
enum TimestampText {
    /// `date` as `YYYY-MM-DD HH:MM:SS.ffffff+00`, rounded to the microsecond.
    static func format(_ date: Date) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var micros = totalMicros % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(micros, 6))+00"
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.f...]][+HH[:MM[:SS]]|-HH...]`; `nil` when malformed.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int64(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = days(fromCivil: year, month, day) * 86_400
        var fraction = 0.0
        if index < bytes.count {
            guard expect(32) || expect(84), let hour = number(2), expect(58), let minute = number(2), expect(58),
                  let second = number(2), hour < 24, minute < 60, second < 61 else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if expect(46) {
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count {
                let sign: Int64
                if expect(43) { sign = 1 } else if expect(45) { sign = -1 } else if expect(90) { sign = 0 } else { return nil }
                if sign != 0 {
                    guard let hours = number(2) else { return nil }
                    var offset = hours * 3600
                    if expect(58) { guard let minutes = number(2) else { return nil }; offset += minutes * 60 }
                    if expect(58) { guard let secs = number(2) else { return nil }; offset += secs }
                    seconds -= sign * offset
                }
            }
            guard index == bytes.count else { return nil }
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``days(fromCivil:_:_:)``.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
