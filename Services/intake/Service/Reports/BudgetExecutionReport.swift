import Domain
import Foundation
import Postgres
import Timestamps

/// Budget execution against allocation per fiscal year and region (`GET /v1/reports/budget-execution`):
/// the regional coupon budgets as matching last published them (allocated, held, committed, spent,
/// available) with the shares committed and spent, beside the imported history's coupon value for
/// the years before the system (whose allocations the history does not hold). Budgets are per
/// fiscal year: a period bounded by quarters covers their whole fiscal years.
struct BudgetExecutionReport: Codable, Sendable {
    /// One region of one fiscal year, one fiscal year, or the whole period.
    struct Row: Codable, Sendable {
        var fiscalYear: Int?
        var labelTH: String
        var region: Region?
        var regionNameTH: String?
        /// The live budget (absent for a region and year without one).
        var allocatedBaht: Int?
        var heldBaht: Int?
        /// Bound to assigned work not completed yet.
        var committedBaht: Int?
        /// Paid out for completed work.
        var spentBaht: Int?
        var availableBaht: Int?
        /// (committed + spent) / allocated × 100, one decimal; absent without an allocation.
        var committedPercent: Double?
        /// spent / allocated × 100, one decimal; absent without an allocation.
        var spentPercent: Double?
        /// Coupons of the imported history, and their value.
        var importedCoupons: Int
        var importedCouponBaht: Int

        /// Adds `other`'s amounts (a year's or the period's total).
        mutating func add(_ other: Row) {
            func sum(_ left: Int?, _ right: Int?) -> Int? { left == nil && right == nil ? nil : (left ?? 0) + (right ?? 0) }
            allocatedBaht = sum(allocatedBaht, other.allocatedBaht)
            heldBaht = sum(heldBaht, other.heldBaht)
            committedBaht = sum(committedBaht, other.committedBaht)
            spentBaht = sum(spentBaht, other.spentBaht)
            availableBaht = sum(availableBaht, other.availableBaht)
            importedCoupons += other.importedCoupons
            importedCouponBaht += other.importedCouponBaht
        }

        /// Sets the percentages from the amounts.
        mutating func computeShares() {
            guard let allocated = allocatedBaht, allocated > 0 else { return }
            committedPercent = KPIStatistics.rounded(Double((committedBaht ?? 0) + (spentBaht ?? 0)) * 100 / Double(allocated), places: 1)
            spentPercent = KPIStatistics.rounded(Double(spentBaht ?? 0) * 100 / Double(allocated), places: 1)
        }
    }

    /// A fiscal year: its regions and its total.
    struct Year: Codable, Sendable {
        var fiscalYear: Int
        var labelTH: String
        var byRegion: [Row]
        var total: Row
    }

    var report = "budget-execution"
    var period: ReportPeriodView
    var region: Region?
    var asOf: String
    /// Fiscal years with a budget or imported history, in order.
    var years: [Year]
    var total: Row

    static func load(period: ReportPeriod, region: Region?, today: CivilDate, connection: PostgresConnection) async throws -> BudgetExecutionReport {
        let years = period.fiscalYears
        let regions = region.map { [$0] } ?? Region.allCases
        var rows: [Int: [Region: Row]] = [:]
        func row(_ year: Int, _ region: Region) -> Row {
            rows[year]?[region] ?? Row(fiscalYear: year, labelTH: ReportPeriod.Bound(fiscalYear: year).labelTH, region: region,
                                       regionNameTH: region.nameTH, importedCoupons: 0, importedCouponBaht: 0)
        }
        for budget in try await connection.query("""
            SELECT fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, available_baht
            FROM intake.budgets
            WHERE fiscal_year BETWEEN \(years.lowerBound) AND \(years.upperBound) AND region = ANY(\(regions.map(\.rawValue)))
            """) {
            let year = try budget.decode(Int.self, column: "fiscal_year"), place = try budget.decode(Region.self, column: "region")
            var line = row(year, place)
            line.allocatedBaht = try budget.decode(Int.self, column: "allocated_baht")
            line.heldBaht = try budget.decode(Int.self, column: "held_baht")
            line.committedBaht = try budget.decode(Int.self, column: "committed_baht")
            line.spentBaht = try budget.decode(Int.self, column: "spent_baht")
            line.availableBaht = try budget.decode(Int.self, column: "available_baht")
            rows[year, default: [:]][place] = line
        }
        let map = Province.all.filter { regions.contains($0.region) }
        for history in try await connection.query("""
            SELECT h.fiscal_year, m.region, count(*) AS coupons, sum(h.coupon_baht)::bigint AS coupon_baht
            FROM intake.historical_coupons h
            JOIN unnest(\(map.map(\.isoCode)), \(map.map(\.region.rawValue))) AS m(province_code, region)
              ON m.province_code = h.province_code
            WHERE h.fiscal_year BETWEEN \(years.lowerBound) AND \(years.upperBound)
            GROUP BY h.fiscal_year, m.region
            """) {
            let year = try history.decode(Int.self, column: "fiscal_year"), place = try history.decode(Region.self, column: "region")
            var line = row(year, place)
            line.importedCoupons = try history.decode(Int.self, column: "coupons")
            line.importedCouponBaht = try history.decode(Int.self, column: "coupon_baht")
            rows[year, default: [:]][place] = line
        }
        var total = Row(labelTH: period.labelTH, importedCoupons: 0, importedCouponBaht: 0)
        let yearViews = rows.keys.sorted().map { year in
            var yearTotal = Row(fiscalYear: year, labelTH: ReportPeriod.Bound(fiscalYear: year).labelTH, importedCoupons: 0,
                                importedCouponBaht: 0)
            let byRegion = Region.allCases.compactMap { rows[year]?[$0] }.map { line in
                var line = line
                line.computeShares()
                yearTotal.add(line)
                return line
            }
            total.add(yearTotal)
            yearTotal.computeShares()
            return Year(fiscalYear: year, labelTH: yearTotal.labelTH, byRegion: byRegion, total: yearTotal)
        }
        total.computeShares()
        var covered = period
        covered.from = ReportPeriod.Bound(fiscalYear: period.from.fiscalYear)
        covered.until = ReportPeriod.Bound(fiscalYear: period.until.fiscalYear)
        covered.per = .fiscalYear
        return BudgetExecutionReport(period: covered.view, region: region, asOf: today.description, years: yearViews, total: total)
    }
}

extension BudgetExecutionReport {
    /// The columns of the CSV export, in order.
    static let csvHeader = [
        "fiscal_year", "label_th", "level", "region", "region_name_th", "allocated_baht", "held_baht", "committed_baht", "spent_baht",
        "available_baht", "committed_percent", "spent_percent", "imported_coupons", "imported_coupon_baht",
    ]

    /// One line per region of each fiscal year, then the year's total, then the period's (`level`
    /// says which).
    var csv: String {
        let lines = years.flatMap { year in year.byRegion.map { ("region", $0) } + [("fiscalYear", year.total)] } + [("total", total)]
        return ReportCSV.document(header: Self.csvHeader, rows: lines.map { level, row in [
            row.fiscalYear.map(String.init) ?? "", row.labelTH, level, row.region?.rawValue ?? "", row.regionNameTH ?? "",
            row.allocatedBaht.map(String.init) ?? "", row.heldBaht.map(String.init) ?? "", row.committedBaht.map(String.init) ?? "",
            row.spentBaht.map(String.init) ?? "", row.availableBaht.map(String.init) ?? "",
            KPIStatistics.decimal(row.committedPercent, places: 1), KPIStatistics.decimal(row.spentPercent, places: 1),
            "\(row.importedCoupons)", "\(row.importedCouponBaht)",
        ] })
    }
}
