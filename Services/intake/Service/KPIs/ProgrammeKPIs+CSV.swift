import Domain
import Foundation

extension ProgrammeKPIs {
    /// The columns of the CSV export, in order (stable: spreadsheets and the console read them by name).
    static let csvHeader = [
        "fiscal_year", "level", "region", "region_name_th", "province_code", "province_name_th", "requests_received",
        "screened_eligible", "screened_not_eligible", "matched", "assigned", "completed", "withdrawn", "waiting",
        "establishments_served", "median_days_to_assignment", "median_days_to_completion", "rated", "mean_rating",
        "income_reported", "income_increased_10_percent", "median_income_change_percent", "coupon_committed_baht",
        "coupon_spent_baht", "month",
    ]

    /// The figures as CSV (RFC 4180, UTF-8, header first): one line per province, then per region,
    /// then the total, then per month (`level` says which; a month's line has its `month` and the
    /// four figures `byMonth` counts). Provider figures are in the JSON answer only.
    var csv: String {
        let levels = byProvince.map { ("province", $0) } + byRegion.map { ("region", $0) } + [("total", total)]
        let places = levels.map { level, row in [
            "\(fiscalYear)", level, row.region?.rawValue ?? "", row.regionNameTH ?? "", row.provinceCode ?? "",
            row.provinceNameTH ?? "", "\(row.requestsReceived)", "\(row.screenedEligible)", "\(row.screenedNotEligible)",
            "\(row.matched)", "\(row.assigned)", "\(row.completed)", "\(row.withdrawn)", "\(row.waiting)",
            "\(row.establishmentsServed)", KPIStatistics.decimal(row.medianDaysToAssignment, places: 1),
            KPIStatistics.decimal(row.medianDaysToCompletion, places: 1), "\(row.rated)", KPIStatistics.decimal(row.meanRating, places: 2),
            "\(row.incomeReported)", "\(row.incomeIncreasedTenPercent)", KPIStatistics.decimal(row.medianIncomeChangePercent, places: 1),
            row.couponCommittedBaht.map(String.init) ?? "", row.couponSpentBaht.map(String.init) ?? "", "",
        ] }
        // A month's line: the place asked for (region or province, else blank), its four figures, the rest blank.
        let months = byMonth.map { month in
            let fields = [
                "fiscal_year": "\(fiscalYear)", "level": "month", "region": region?.rawValue, "region_name_th": region?.nameTH,
                "province_code": provinceCode, "province_name_th": provinceCode.flatMap(Province.withCode)?.nameTH,
                "requests_received": "\(month.requestsReceived)", "assigned": "\(month.assigned)", "completed": "\(month.completed)",
                "coupon_spent_baht": "\(month.couponSpentBaht)", "month": month.month,
            ]
            return Self.csvHeader.map { fields[$0].flatMap { $0 } ?? "" }
        }
        return KPIStatistics.csv(header: Self.csvHeader, rows: places + months)
    }
}
