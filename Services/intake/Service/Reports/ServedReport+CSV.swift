import Foundation

extension ServedReport {
    /// The columns of the CSV export, in order (stable: spreadsheets read them by name).
    static let csvHeader = ["period", "period_label_th", "fiscal_year", "quarter", "dimension", "key", "label_th", "label_en"]
        + ["establishments", "coupons", "coupon_baht", "completed", "certificates_obtained"].flatMap(ReportCSV.columns)

    /// One line per part of the period (its total, then its keys), then the whole period (its total,
    /// then its keys). `period` is `2568`, `2568Q2`, `2568Q?` (imported coupons without a quarter)
    /// or `2560-2569` for the whole period; `dimension` is `total` on total lines.
    var csv: String {
        var rows: [[String]] = []
        func add(period: String, labelTH: String, fiscalYear: Int?, quarter: Int?, total: ServedFigures, byKey: [Entry]?) {
            let lines = [Entry(key: nil, labelTH: nil, labelEN: nil, figures: total)] + (byKey ?? [])
            for entry in lines {
                rows.append([period, labelTH, fiscalYear.map(String.init) ?? "", quarter.map(String.init) ?? "",
                             entry.key == nil ? "total" : by ?? "", entry.key ?? "", entry.labelTH ?? "", entry.labelEN ?? ""]
                            + [entry.figures.establishments, entry.figures.coupons, entry.figures.couponBaht, entry.figures.completed,
                               entry.figures.certificatesObtained].flatMap(ReportCSV.cells))
            }
        }
        for part in parts {
            let name = part.quarter.map { "\(part.fiscalYear)Q\($0)" } ?? (part.quarterKnown ? "\(part.fiscalYear)" : "\(part.fiscalYear)Q?")
            add(period: name, labelTH: part.labelTH, fiscalYear: part.fiscalYear, quarter: part.quarter, total: part.total,
                byKey: part.byKey)
        }
        add(period: period.from == period.until ? period.from : "\(period.from)-\(period.until)", labelTH: period.labelTH,
            fiscalYear: nil, quarter: nil, total: total, byKey: byKey)
        return ReportCSV.document(header: Self.csvHeader, rows: rows)
    }
}
