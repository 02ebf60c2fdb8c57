import Foundation

/// A Thai government fiscal year: 1 October to 30 September, numbered in the Buddhist Era by the
/// calendar year in which it ends (FY 2570 = 1 Oct 2026 – 30 Sep 2027).
public struct FiscalYear: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The Buddhist-Era number, e.g. 2570.
    public let buddhistYear: Int

    public init(buddhistYear: Int) {
        self.buddhistYear = buddhistYear
    }

    /// The Common-Era year in which this fiscal year ends.
    public var endingGregorianYear: Int { buddhistYear - 543 }

    /// The fiscal year that contains `date`, in Bangkok time.
    public static func containing(_ date: Date) -> FiscalYear {
        let parts = ThaiCalendar.gregorian.dateComponents([.year, .month], from: date)
        let year = parts.year!, month = parts.month!
        return FiscalYear(buddhistYear: (month >= 10 ? year + 1 : year) + 543)
    }

    /// First instant of the fiscal year (1 October, 00:00 Bangkok time).
    public var start: Date {
        ThaiCalendar.gregorian.date(from: DateComponents(year: endingGregorianYear - 1, month: 10, day: 1))!
    }

    /// First instant after the fiscal year (1 October of the next year).
    public var end: Date {
        ThaiCalendar.gregorian.date(from: DateComponents(year: endingGregorianYear, month: 10, day: 1))!
    }

    public func contains(_ date: Date) -> Bool { date >= start && date < end }

    /// `ปีงบประมาณ 2570`
    public var description: String { "ปีงบประมาณ \(buddhistYear)" }

    public static func < (lhs: FiscalYear, rhs: FiscalYear) -> Bool { lhs.buddhistYear < rhs.buddhistYear }
}
