import Domain
import Foundation

extension ProgrammeKPIs {
    /// The columns of the CSV export, in order (stable: spreadsheets and the console read them by name).
    static let csvHeader = [
        "fiscal_year", "level", "region", "region_name_th", "province_code", "province_name_th", "requests_received",
        "screened_eligible", "screened_not_eligible", "matched", "assigned", "completed", "withdrawn", "waiting",
        "establishments_served", "median_days_to_assignment", "median_days_to_completion", "rated", "mean_rating",
        "income_reported", "income_increased_10_percent", "median_income_change_percent", "coupon_committed_baht",
        "coupon_spent_baht",
    ]

    /// The figures as CSV (RFC 4180, UTF-8, header first): one line per province, then per region,
    /// then the total (`level` says which). Provider figures are in the JSON answer only.
    var csv: String {
        let levels = byProvince.map { ("province", $0) } + byRegion.map { ("region", $0) } + [("total", total)]
        return KPIStatistics.csv(header: Self.csvHeader, rows: levels.map { level, row in [
            "\(fiscalYear)", level, row.region?.rawValue ?? "", row.regionNameTH ?? "", row.provinceCode ?? "",
            row.provinceNameTH ?? "", "\(row.requestsReceived)", "\(row.screenedEligible)", "\(row.screenedNotEligible)",
            "\(row.matched)", "\(row.assigned)", "\(row.completed)", "\(row.withdrawn)", "\(row.waiting)",
            "\(row.establishmentsServed)", KPIStatistics.decimal(row.medianDaysToAssignment, places: 1),
            KPIStatistics.decimal(row.medianDaysToCompletion, places: 1), "\(row.rated)", KPIStatistics.decimal(row.meanRating, places: 2),
            "\(row.incomeReported)", "\(row.incomeIncreasedTenPercent)", KPIStatistics.decimal(row.medianIncomeChangePercent, places: 1),
            row.couponCommittedBaht.map(String.init) ?? "", row.couponSpentBaht.map(String.init) ?? "",
        ] })
    }
}
