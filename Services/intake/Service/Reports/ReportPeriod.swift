import Domain
import Foundation
import Hummingbird
import Timestamps

/// The stretch of time a report covers, in Thai fiscal years (numbered in the Buddhist Era) and
/// their quarters (Q1 = October–December), and how it is split: `from` and `until` are a fiscal year
/// (`2568`) or one of its quarters (`2568Q2`), both included; `per` splits it into fiscal years or
/// quarters. Without parameters: cumulative since FY2560, when the programme began, through the
/// current fiscal year.
struct ReportPeriod: Sendable, Equatable {
    /// How a report splits its period.
    enum Split: String, Sendable, CaseIterable, Codable {
        /// The whole period only.
        case total
        case fiscalYear
        case quarter
    }

    /// A fiscal year, or one of its quarters.
    struct Bound: Sendable, Equatable {
        var fiscalYear: Int
        var quarter: Int?

        /// `2568` or `2568Q2`.
        var text: String { quarter.map { "\(fiscalYear)Q\($0)" } ?? "\(fiscalYear)" }

        /// Reads `2568` or `2568Q2` (fiscal years 2560–2700).
        init?(_ text: String) {
            let parts = text.uppercased().split(separator: "Q", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts[0].count == 4, let year = Int(parts[0]), ReportPeriod.years.contains(year) else { return nil }
            if parts.count == 2 {
                guard parts[1].count == 1, let quarter = Int(parts[1]), (1...4).contains(quarter) else { return nil }
                self.quarter = quarter
            }
            fiscalYear = year
        }

        init(fiscalYear: Int, quarter: Int? = nil) {
            self.fiscalYear = fiscalYear
            self.quarter = quarter
        }
    }

    /// The programme's first fiscal year: "since FY2560" (ปีงบประมาณ พ.ศ. 2560).
    static let firstFiscalYear = 2560
    /// The fiscal years a bound may name.
    static let years = 2560...2700

    var from: Bound
    var until: Bound
    var per: Split

    /// The first quarter the period covers, counted as `fiscal year × 4 + quarter` (the SQL compares the same numbers).
    var firstQuarterIndex: Int { from.fiscalYear * 4 + (from.quarter ?? 1) }
    /// The last quarter the period covers, counted as ``firstQuarterIndex``.
    var lastQuarterIndex: Int { until.fiscalYear * 4 + (until.quarter ?? 4) }

    /// The Thai fiscal quarter (1–4) of a request's submission, in SQL over `r` (`intake.requests`):
    /// October–December (month 10–12, Bangkok time) is 1, January–March 2 ...
    static let submittedQuarterSQL: StaticString =
        "((extract(month FROM r.submitted_at AT TIME ZONE 'Asia/Bangkok')::int + 2) % 12) / 3 + 1"

    /// Whether the report must know each live coupon's quarter: split per quarter, or bounded by one.
    /// (Working the quarter out of the submission time in Bangkok costs a time-zone conversion per coupon.)
    var needsQuarters: Bool { per == .quarter || from.quarter != nil || until.quarter != nil }

    /// The fiscal years the period touches, first to last.
    var fiscalYears: ClosedRange<Int> { from.fiscalYear...until.fiscalYear }

    /// Reads `from`, `until` and (when `splits`) `per` from the query: 422 naming each bad one, and
    /// `from` after `until`.
    static func read(_ request: Request, now: Date, splits: Bool = true) throws(Problem) -> ReportPeriod {
        var v = Validation()
        let period = read(request, now: now, splits: splits, into: &v)
        try v.finish()
        return period!
    }

    /// As ``read(_:now:splits:)``, adding the problems to `v` (`nil` when there are any).
    static func read(_ request: Request, now: Date, splits: Bool = true, into v: inout Validation) -> ReportPeriod? {
        let query = request.uri.queryParameters
        let current = FiscalYear.containing(now).buddhistYear
        func bound(_ name: String, default value: Bound) -> Bound? {
            guard let raw = query[Substring(name)].map(String.init) else { return value }
            guard let bound = Bound(raw) else {
                v.failParameter(name, Messages.reportBound(found: TextRules.printable(raw)))
                return nil
            }
            return bound
        }
        let from = bound("from", default: Bound(fiscalYear: firstFiscalYear))
        let until = bound("until", default: Bound(fiscalYear: min(max(current, firstFiscalYear), years.upperBound)))
        var per = Split.total
        if splits, let raw = query["per"].map(String.init) {
            guard let split = v.parameter(raw, "per", as: Split.self) else { return nil }
            per = split
        }
        guard let from, let until else { return nil }
        let period = ReportPeriod(from: from, until: until, per: per)
        guard period.firstQuarterIndex <= period.lastQuarterIndex else {
            v.failParameter("from", Messages.reportFromAfterUntil(from: from.text, until: until.text))
            return nil
        }
        return period
    }

    /// The periods the split gives, in order: the fiscal years or quarters from `from` to `until`
    /// (none for ``Split/total``).
    var parts: [Bound] {
        switch per {
        case .total: []
        case .fiscalYear: fiscalYears.map { Bound(fiscalYear: $0) }
        case .quarter: (firstQuarterIndex...lastQuarterIndex).map { index in
            Bound(fiscalYear: (index - 1) / 4, quarter: (index - 1) % 4 + 1)
        }
        }
    }
}

extension ReportPeriod.Bound {
    /// The first day (Bangkok) of the fiscal year or quarter.
    var startsOn: CivilDate {
        let year = FiscalYear(buddhistYear: fiscalYear)
        let start = ThaiCalendar.gregorian.date(byAdding: .month, value: 3 * ((quarter ?? 1) - 1), to: year.start)!
        return ThaiCalendar.civilDate(of: start)
    }

    /// The last day (Bangkok) of the fiscal year or quarter.
    var endsOn: CivilDate {
        let year = FiscalYear(buddhistYear: fiscalYear)
        let end = quarter.map { ThaiCalendar.gregorian.date(byAdding: .month, value: 3 * $0, to: year.start)! } ?? year.end
        return ThaiCalendar.civilDate(of: end.addingTimeInterval(-1))
    }

    /// `ปีงบประมาณ พ.ศ. 2568`, `ไตรมาส 2 ปีงบประมาณ พ.ศ. 2568`.
    var labelTH: String {
        let year = "ปีงบประมาณ พ.ศ. \(fiscalYear)"
        return quarter.map { "ไตรมาส \($0) \(year)" } ?? year
    }

    /// `FY2568 (BE)`, `Q2 FY2568 (BE)`.
    var labelEN: String {
        let year = "FY\(fiscalYear) (BE)"
        return quarter.map { "Q\($0) \(year)" } ?? year
    }
}

extension ReportPeriod {
    /// `ตั้งแต่ปีงบประมาณ พ.ศ. 2560 ถึง พ.ศ. 2569` (one bound only when `from` and `until` are the same).
    var labelTH: String {
        from == until ? from.labelTH : "ตั้งแต่\(from.labelTH) ถึง\(until.labelTH)"
    }

    /// `FY2560 (BE) to FY2569 (BE)`.
    var labelEN: String {
        from == until ? from.labelEN : "\(from.labelEN) to \(until.labelEN)"
    }

    /// What a report says of its period: the bounds, their first and last days, and the labels.
    var view: ReportPeriodView {
        ReportPeriodView(from: from.text, until: until.text, startsOn: from.startsOn.description, endsOn: until.endsOn.description,
                         labelTH: labelTH, labelEN: labelEN, per: per)
    }
}

/// A report's period as the answer states it.
struct ReportPeriodView: Codable, Sendable, Equatable {
    /// `2560`, or `2568Q2`.
    var from: String
    var until: String
    /// First and last day covered (`YYYY-MM-DD`, Common Era, Bangkok dates).
    var startsOn: String
    var endsOn: String
    var labelTH: String
    var labelEN: String
    var per: ReportPeriod.Split
}
