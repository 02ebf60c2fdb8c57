import Domain
import Foundation
import Postgres
import Timestamps

/// Establishments served and their coupons over a period (`GET /v1/reports/served`): the figure the
/// ministry quotes ("since FY2560, more than 1,600 establishments"), live and imported history
/// together, optionally split per fiscal year or quarter and broken down by a ``ReportDimension``.
///
/// A coupon is a request assigned to a provider at least once (as the programme KPIs count
/// establishments served), or a row of the imported history. Live coupons count in the fiscal year
/// and quarter their request was submitted in (its cohort, as the KPIs); imported ones in the
/// fiscal year (and quarter, when the file gives one) the ministry's file says. An establishment is
/// counted once however many coupons it got: by its registration number, live and imported alike;
/// without one, by the enterprise record (live) or by province and name (imported).
struct ServedReport: Codable, Sendable {
    /// Figures of one key or of all.
    struct Entry: Codable, Sendable {
        /// The dimension's key (`north`, `TH-50`, `food` ...); absent on totals.
        var key: String?
        var labelTH: String?
        var labelEN: String?
        var figures: ServedFigures
    }

    /// One fiscal year or quarter of the period.
    struct Part: Codable, Sendable {
        var fiscalYear: Int
        /// The quarter (1–4, Q1 = October–December); absent for a fiscal year, and for imported
        /// coupons whose file gave no quarter when the split is per quarter (`quarterKnown: false`).
        var quarter: Int?
        var quarterKnown: Bool
        var labelTH: String
        var labelEN: String
        var total: ServedFigures
        var byKey: [Entry]?
    }

    var report = "served"
    var period: ReportPeriodView
    /// The breakdown asked for (`by`), if any.
    var by: String?
    /// The region the figures are limited to (an officer scoped to a region); absent: the whole country.
    var region: Region?
    var asOf: String
    /// The whole period: establishments counted once over all of it.
    var total: ServedFigures
    /// The whole period per key of `by`.
    var byKey: [Entry]?
    /// Each fiscal year or quarter of the period (empty when `per` is `total`).
    var parts: [Part]

    /// Reads the report.
    static func load(period: ReportPeriod, by dimension: ReportDimension?, region: Region?, today: CivilDate,
                     connection: PostgresConnection) async throws -> ServedReport {
        let totals = try await figures(period: period, dimension: .none, region: region, connection: connection)
        var keyed: [FigureRow]?
        if let dimension { keyed = try await figures(period: period, dimension: dimension, region: region, connection: connection) }
        func entries(_ rows: [FigureRow]) throws -> [Entry] {
            guard let dimension else { return [] }
            return try rows.map { row in (try dimension.describe(row.key), row) }
                .sorted { ($0.0.rank, $0.1.key ?? "") < ($1.0.rank, $1.1.key ?? "") }
                .map { label, row in Entry(key: row.key, labelTH: label.th, labelEN: label.en, figures: row.figures) }
        }
        let whole = totals.first { $0.wholePeriod }?.figures ?? .zero
        var parts: [Part] = []
        if period.per != .total {
            for bound in period.parts {
                parts.append(try part(bound, quarterKnown: true, totals: totals, keyed: keyed, entries: entries))
                // Imported coupons of a fiscal year whose file gave no quarter: their own part after the year's Q4.
                if bound.quarter == 4, totals.contains(where: { !$0.wholePeriod && $0.fiscalYear == bound.fiscalYear && $0.quarter == nil }) {
                    parts.append(try part(ReportPeriod.Bound(fiscalYear: bound.fiscalYear), quarterKnown: false, totals: totals,
                                          keyed: keyed, entries: entries))
                }
            }
        }
        return ServedReport(
            period: period.view, by: dimension?.name, region: region, asOf: today.description, total: whole,
            byKey: try keyed.map { rows in try entries(rows.filter { $0.wholePeriod }) }, parts: parts)
    }

    private static func part(_ bound: ReportPeriod.Bound, quarterKnown: Bool, totals: [FigureRow], keyed: [FigureRow]?,
                             entries: ([FigureRow]) throws -> [Entry]) throws -> Part {
        let matches = { (row: FigureRow) in !row.wholePeriod && row.fiscalYear == bound.fiscalYear && row.quarter == bound.quarter }
        let unknown = quarterKnown ? "" : " (ไม่ระบุไตรมาส)"
        return Part(fiscalYear: bound.fiscalYear, quarter: bound.quarter, quarterKnown: quarterKnown,
                    labelTH: bound.labelTH + unknown, labelEN: bound.labelEN + (quarterKnown ? "" : " (quarter not known)"),
                    total: totals.first(where: matches)?.figures ?? .zero, byKey: try keyed.map { try entries($0.filter(matches)) })
    }

    /// One line of the grouped query: a period part (or the whole period) and a key (or none).
    struct FigureRow: Sendable {
        var wholePeriod: Bool
        var fiscalYear: Int?
        var quarter: Int?
        var key: String?
        var figures: ServedFigures

        init(row: PostgresRow) throws {
            wholePeriod = try row.decode(Int.self, column: "whole") != 0
            fiscalYear = try row.decode(Int?.self, column: "fiscal_year")
            quarter = try row.decode(Int?.self, column: "quarter")
            key = try row.decode(String?.self, column: "key")
            func split(_ name: String) throws -> SourceFigure {
                let total = try row.decode(Int.self, column: name)
                let imported = try row.decode(Int.self, column: "imported_" + name)
                return SourceFigure(total: total, live: total - imported, imported: imported)
            }
            let establishments = try row.decode(Int.self, column: "establishments")
            figures = ServedFigures(
                establishments: SourceFigure(total: establishments, live: try row.decode(Int.self, column: "live_establishments"),
                                             imported: try row.decode(Int.self, column: "imported_establishments")),
                coupons: try split("coupons"), couponBaht: try split("coupon_baht"), completed: try split("completed"),
                certificatesObtained: try split("certificates"))
        }
    }

    /// The figures grouped by part of the period and by `dimension`'s keys, and over the whole
    /// period per key (`whole`). The facts: every live coupon and every imported one, with the
    /// columns the dimensions read.
    static func figures(period: ReportPeriod, dimension: ReportDimension, region: Region?,
                        connection: PostgresConnection) async throws -> [FigureRow] {
        let provinces = region.map(Province.codes(in:))
        let map = Province.all
        return try await connection.query("""
            WITH assignment AS (
                SELECT DISTINCT ON (request_id) request_id, coupon_baht, completed_at
                FROM intake.request_assignments
                ORDER BY request_id, assigned_at DESC
            ), certified AS (
                SELECT DISTINCT request_id FROM intake.certificates_obtained WHERE NOT renewal AND request_id IS NOT NULL
            ), facts AS (
                SELECT \(ReportSource.live.rawValue)::text AS source,
                       coalesce(e.registration_number, e.id::text) AS establishment,
                       r.fiscal_year, \(sql: period.needsQuarters ? ReportPeriod.submittedQuarterSQL : "NULL::int") AS quarter, r.province_code, r.product_type,
                       r.service_areas, r.target_standard AS standard, coalesce(a.coupon_baht, 0) AS coupon_baht,
                       a.completed_at IS NOT NULL AS completed,
                       c.request_id IS NOT NULL AS certificate
                FROM intake.requests r
                JOIN assignment a ON a.request_id = r.id
                LEFT JOIN certified c ON c.request_id = r.id
                JOIN intake.enterprises e ON e.id = r.enterprise_id
                UNION ALL
                SELECT \(ReportSource.imported.rawValue)::text, h.establishment_key, h.fiscal_year, h.quarter, h.province_code,
                       h.product_type, h.service_areas, h.standard, h.coupon_baht, coalesce(h.completed, false),
                       coalesce(h.certificate_obtained, false)
                FROM intake.historical_coupons h
            ), units AS (
                SELECT f.establishment, f.coupon_baht, f.completed, f.certificate,
                       f.source = \(ReportSource.imported.rawValue) AS imported,
                       CASE WHEN \(period.per.rawValue) <> \(ReportPeriod.Split.total.rawValue) THEN f.fiscal_year END AS period_year,
                       CASE WHEN \(period.per.rawValue) = \(ReportPeriod.Split.quarter.rawValue) THEN f.quarter END AS period_quarter,
                       d.key
                FROM facts f
                LEFT JOIN unnest(\(map.map(\.isoCode)), \(map.map(\.region.rawValue))) AS m(province_code, region)
                       ON m.province_code = f.province_code
                CROSS JOIN LATERAL \(sql: dimension.keys) AS d(key)
                WHERE f.fiscal_year * 4 + coalesce(f.quarter, 1) >= \(period.firstQuarterIndex)
                  AND f.fiscal_year * 4 + coalesce(f.quarter, 4) <= \(period.lastQuarterIndex)
                  AND (\(provinces)::text[] IS NULL OR f.province_code = ANY(\(provinces)))
            ), counts AS (
                SELECT u.period_year, u.period_quarter, u.key, GROUPING(u.period_year, u.period_quarter) AS whole,
                       count(*) AS coupons, count(*) FILTER (WHERE u.imported) AS imported_coupons,
                       coalesce(sum(u.coupon_baht), 0)::bigint AS coupon_baht,
                       coalesce(sum(u.coupon_baht) FILTER (WHERE u.imported), 0)::bigint AS imported_coupon_baht,
                       count(*) FILTER (WHERE u.completed) AS completed,
                       count(*) FILTER (WHERE u.completed AND u.imported) AS imported_completed,
                       count(*) FILTER (WHERE u.certificate) AS certificates,
                       count(*) FILTER (WHERE u.certificate AND u.imported) AS imported_certificates
                FROM units u
                GROUP BY GROUPING SETS ((u.period_year, u.period_quarter, u.key), (u.key))
            ), served AS (
                -- One row per establishment in each part and key (and over the whole period per key), so that
                -- the next level counts establishments with count(*): hash aggregates only, no sorts.
                SELECT u.period_year, u.period_quarter, u.key, GROUPING(u.period_year, u.period_quarter) AS whole,
                       bool_or(NOT u.imported) AS live, bool_or(u.imported) AS imported
                FROM units u
                GROUP BY GROUPING SETS ((u.period_year, u.period_quarter, u.key, u.establishment), (u.key, u.establishment))
            ), establishments AS (
                SELECT s.period_year, s.period_quarter, s.key, s.whole, count(*) AS establishments,
                       count(*) FILTER (WHERE s.live) AS live_establishments, count(*) FILTER (WHERE s.imported) AS imported_establishments
                FROM served s
                GROUP BY s.period_year, s.period_quarter, s.key, s.whole
            )
            SELECT c.period_year AS fiscal_year, c.period_quarter AS quarter, c.key, c.whole, c.coupons, c.imported_coupons,
                   e.establishments, e.live_establishments, e.imported_establishments, c.coupon_baht, c.imported_coupon_baht,
                   c.completed, c.imported_completed, c.certificates, c.imported_certificates
            FROM counts c
            -- Hashable equality on the grouping columns (NULL where a column was not grouped): no key is '', no year 0.
            JOIN establishments e ON e.whole = c.whole AND coalesce(e.key, '') = coalesce(c.key, '')
                                 AND coalesce(e.period_year, 0) = coalesce(c.period_year, 0)
                                 AND coalesce(e.period_quarter, 0) = coalesce(c.period_quarter, 0)
            """).map(FigureRow.init(row:)).filter { period.per != .total || $0.wholePeriod }
    }
}

/// A figure counted over both sources and each of them.
struct SourceFigure: Codable, Sendable, Equatable {
    var total: Int
    /// Recorded in this system.
    var live: Int
    /// From the imported history.
    var imported: Int

    static let zero = SourceFigure(total: 0, live: 0, imported: 0)
}

/// What the served report counts of a set of coupons.
struct ServedFigures: Codable, Sendable, Equatable {
    /// Distinct establishments: `total` counts an establishment served both live and in the imported
    /// history once, so it can be less than `live + imported`.
    var establishments: SourceFigure
    var coupons: SourceFigure
    /// The coupons' value in baht (co-payment included; live: as matching assigned it).
    var couponBaht: SourceFigure
    /// Work the enterprise confirmed done (imported: the file says so).
    var completed: SourceFigure
    /// Coupons whose work led to a certificate (live: a first issue recorded for the request, renewals aside).
    var certificatesObtained: SourceFigure

    static let zero = ServedFigures(establishments: .zero, coupons: .zero, couponBaht: .zero, completed: .zero,
                                    certificatesObtained: .zero)
}
