import Foundation
import Timestamps

/// Calendars and date formats as Thai users read them: Bangkok time, Buddhist-Era years.
public enum ThaiCalendar {
    /// Asia/Bangkok (UTC+7, no daylight saving).
    public static let timeZone = TimeZone(identifier: "Asia/Bangkok")!

    /// Gregorian calendar in Bangkok time (for date arithmetic).
    public static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    /// Bangkok's offset from UTC in seconds (UTC+7 all year).
    public static let secondsFromGMT = 7 * 3600

    /// The calendar date of `date` in Bangkok.
    public static func civilDate(of date: Date) -> CivilDate {
        CivilDate(date, secondsFromGMT: secondsFromGMT)
    }

    /// `25 พฤศจิกายน 2569` — the long Thai date with the Buddhist-Era year.
    public static func longThaiDate(_ date: Date) -> String {
        formatter(locale: "th_TH", calendar: .buddhist, dateStyle: .long).string(from: date)
    }

    /// `25 November 2026` — the English long date (Common Era).
    public static func longEnglishDate(_ date: Date) -> String {
        formatter(locale: "en_GB", calendar: .gregorian, dateStyle: .long).string(from: date)
    }

    /// The Buddhist-Era year of `date` in Bangkok time (CE + 543).
    public static func buddhistYear(of date: Date) -> Int {
        gregorian.component(.year, from: date) + 543
    }

    /// Whole days from `from` to `to` counted on Bangkok calendar dates.
    public static func daysBetween(_ from: Date, _ to: Date) -> Int {
        let a = gregorian.startOfDay(for: from), b = gregorian.startOfDay(for: to)
        return gregorian.dateComponents([.day], from: a, to: b).day!
    }

    // DateFormatter is not Sendable: one is made per call (cheap next to sending a message).
    private static func formatter(locale: String, calendar: Calendar.Identifier, dateStyle: DateFormatter.Style) -> DateFormatter {
        let formatter = DateFormatter()
        var cal = Calendar(identifier: calendar)
        cal.timeZone = timeZone
        formatter.calendar = cal
        formatter.locale = Locale(identifier: locale)
        formatter.timeZone = timeZone
        formatter.dateStyle = dateStyle
        formatter.timeStyle = .none
        return formatter
    }
}
