import Foundation

/// UTC timestamps as text with microsecond precision (what PostgreSQL keeps), written and read
/// without DateFormatter: the same code serves event envelopes (RFC 3339, `…T04:30:00.123000Z`)
/// and PostgreSQL's ISO output (`… 04:30:00.123+00`). Only the styles differ.
public enum UTCTimestamp {
    /// How a timestamp is written and what reading accepts.
    public struct Style: Sendable {
        /// Between date and time when writing (`T` or a space).
        public var separator: String
        /// After the time when writing (`Z` or `+00`).
        public var zone: String
        /// Reading accepts a date alone (midnight UTC).
        public var allowsDateOnly: Bool
        /// Reading refuses a time without a zone (else it is taken as UTC).
        public var requiresZone: Bool
        /// Reading accepts `+07` and `+05:30:00` besides `+07:00`.
        public var allowsAnyOffsetForm: Bool

        /// RFC 3339 (event envelopes, the HTTP API): `T`, `Z`, zone required, offsets `±HH:MM`.
        public static let rfc3339 = Style(separator: "T", zone: "Z", allowsDateOnly: false, requiresZone: true,
                                          allowsAnyOffsetForm: false)
        /// PostgreSQL's ISO DateStyle in a UTC session: space, `+00`, dates and zone-less times accepted.
        public static let postgres = Style(separator: " ", zone: "+00", allowsDateOnly: true, requiresZone: false,
                                           allowsAnyOffsetForm: true)
    }

    /// `date` rounded to the microsecond, e.g. `2026-11-25T04:30:00.000250Z` in ``Style/rfc3339``.
    public static func string(from date: Date, style: Style) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var micros = totalMicros % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))\(style.separator)"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(micros, 6))\(style.zone)"
    }

    /// Reads `YYYY-MM-DD[(T|t| )HH:MM:SS[.f…]][Z|z|±HH[:MM[:SS]]]` as `style` allows; `nil` when
    /// malformed or out of range.
    public static func date(from text: String, style: Style) -> Date? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.digits(4), reader.take(45), let month = reader.digits(2), reader.take(45),
              let day = reader.digits(2), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = CivilCalendar.days(fromYear: year, month: month, day: day) * 86_400
        if reader.atEnd { return style.allowsDateOnly ? Date(timeIntervalSince1970: Double(seconds)) : nil }
        guard reader.take(84) || reader.take(116) || reader.take(32),
              let hour = reader.digits(2), reader.take(58), let minute = reader.digits(2), reader.take(58),
              let second = reader.digits(2), hour < 24, minute < 60, second < 61 else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        var micros = 0.0
        if reader.take(46) {
            var scale = 100_000.0
            var any = false
            while let digit = reader.digit() {
                micros += Double(digit) * scale
                scale /= 10
                any = true
            }
            guard any else { return nil }
        }
        if reader.atEnd {
            guard !style.requiresZone else { return nil }
        } else if reader.take(90) || reader.take(122) {
            // Z: UTC
        } else {
            let sign: Int64
            if reader.take(43) { sign = 1 } else if reader.take(45) { sign = -1 } else { return nil }
            guard let hours = reader.digits(2) else { return nil }
            var offset = hours * 3600
            if reader.take(58) {
                guard let minutes = reader.digits(2) else { return nil }
                offset += minutes * 60
                if style.allowsAnyOffsetForm, reader.take(58) {
                    guard let secs = reader.digits(2) else { return nil }
                    offset += secs
                }
            } else if !style.allowsAnyOffsetForm {
                return nil
            }
            seconds -= sign * offset
        }
        guard reader.atEnd else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + micros.rounded() / 1_000_000)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - 48)
        }

        mutating func digits(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let next = digit() else { return nil }
                value = value * 10 + next
            }
            return value
        }
    }
}
