import Domain
import Foundation
import Timestamps

/// The arithmetic, dates and CSV writing the KPI read models share.
enum KPIStatistics {
    /// The middle value, or the mean of the two middle ones for an even count; `nil` for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `value` rounded to `places` decimals.
    static func rounded(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// The first and last day of `fiscalYear` (`YYYY-MM-DD`, Thai time), as the reports' `from` and `until`.
    static func days(of fiscalYear: FiscalYear) -> (from: String, until: String) {
        (ThaiCalendar.civilDate(of: fiscalYear.start).description,
         ThaiCalendar.civilDate(of: fiscalYear.end.addingTimeInterval(-1)).description)
    }

    /// A CSV document (RFC 4180, UTF-8): the header line, then one line per row, each ended by CRLF.
    static func csv(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A figure with `places` decimals, empty when there is none.
    static func decimal(_ value: Double?, places: Int) -> String {
        value.map { String(format: "%.\(places)f", $0) } ?? ""
    }
}
