import Domain
import Foundation
import Postgres
import Timestamps

/// Each provider's record over a period (`GET /v1/reports/provider-scorecards`): the work it took
/// on the period's requests (their cohort, as the served report counts), how it ended, what the
/// enterprises said of it, the certificates that followed, the proposals it let go, and the coupon
/// money; beside it, the imported history's coupons naming the provider (matched by name, spaces
/// collapsed; a name held by two live providers, or by none, keeps a line of its own without an id).
struct ProviderScorecards: Codable, Sendable {
    struct Card: Codable, Sendable {
        /// The live provider; absent for a name found only in the imported history.
        var providerId: UUID?
        var name: String
        var kind: ProviderKind?
        /// Assignments of the period's requests it took (a withdrawn one still counts).
        var assignments: Int
        var completed: Int
        /// Withdrawn from it by an officer: work not delivered.
        var withdrawnByOfficer: Int
        /// completed / (completed + withdrawnByOfficer), three decimals; absent when none ended.
        var completionRate: Double?
        /// Proposals of the period's requests it declined, and let expire unanswered.
        var declined: Int
        var expired: Int
        /// Ratings the enterprises gave its completed work (1–5), and their mean (two decimals).
        var rated: Int
        var meanRating: Double?
        /// Median whole days (Bangkok dates) from assignment to completion.
        var medianDaysToFinish: Double?
        /// First issues of a certificate for requests it holds (renewals aside).
        var certificatesObtained: Int
        /// The value of the coupons it holds or held to the end (not withdrawn), and what was spent on completion.
        var couponBaht: Int
        var spentBaht: Int
        /// The imported history's coupons naming it: how many, their value, completed, with a certificate.
        var imported: ImportedWork
    }

    struct ImportedWork: Codable, Sendable, Equatable {
        var coupons: Int
        var couponBaht: Int
        var completed: Int
        var certificatesObtained: Int

        static let zero = ImportedWork(coupons: 0, couponBaht: 0, completed: 0, certificatesObtained: 0)
    }

    var report = "provider-scorecards"
    var period: ReportPeriodView
    var region: Region?
    var asOf: String
    /// Providers with any figure in the period, by name.
    var providers: [Card]

    static func load(period: ReportPeriod, region: Region?, today: CivilDate, connection: PostgresConnection) async throws -> ProviderScorecards {
        let provinces = region.map(Province.codes(in:))
        var total = period
        total.per = .total
        let cards = try await connection.query("""
            WITH scoped AS (
                SELECT r.id FROM intake.requests r
                WHERE r.fiscal_year * 4 + \(sql: period.needsQuarters ? ReportPeriod.submittedQuarterSQL : "1")
                      BETWEEN \(period.firstQuarterIndex) AND \(period.lastQuarterIndex)
                  AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces)))
            ), work AS (
                SELECT a.provider_id, count(*) AS assignments,
                       count(*) FILTER (WHERE a.completed_at IS NOT NULL) AS completed,
                       count(*) FILTER (WHERE a.withdrawal = \(AssignmentWithdrawal.assignment.rawValue)) AS withdrawn,
                       count(a.rating) AS rated, avg(a.rating)::float8 AS mean_rating,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY (a.completed_at AT TIME ZONE 'Asia/Bangkok')::date
                                                                   - (a.assigned_at AT TIME ZONE 'Asia/Bangkok')::date) AS median_days,
                       coalesce(sum(a.coupon_baht) FILTER (WHERE a.withdrawn_at IS NULL), 0)::bigint AS coupon_baht,
                       coalesce(sum(a.spent_coupon_baht), 0)::bigint AS spent_baht
                FROM intake.request_assignments a JOIN scoped s ON s.id = a.request_id
                GROUP BY a.provider_id
            ), certified AS (
                SELECT a.provider_id, count(*) AS certificates
                FROM intake.certificates_obtained c
                JOIN scoped s ON s.id = c.request_id
                JOIN intake.request_assignments a ON a.request_id = c.request_id AND a.withdrawn_at IS NULL
                WHERE NOT c.renewal
                GROUP BY a.provider_id
            ), answered AS (
                SELECT p.provider_id, count(*) FILTER (WHERE p.status = \(ProposalStatus.declined.rawValue)) AS declined,
                       count(*) FILTER (WHERE p.status = \(ProposalStatus.expired.rawValue)) AS expired
                FROM intake.proposals p JOIN scoped s ON s.id = p.request_id
                GROUP BY p.provider_id
            ), history AS (
                SELECT h.provider_name, count(*) AS coupons, sum(h.coupon_baht)::bigint AS coupon_baht,
                       count(*) FILTER (WHERE h.completed) AS completed,
                       count(*) FILTER (WHERE h.certificate_obtained) AS certificates
                FROM intake.historical_coupons h
                WHERE h.provider_name IS NOT NULL
                  AND h.fiscal_year * 4 + coalesce(h.quarter, 1) >= \(period.firstQuarterIndex)
                  AND h.fiscal_year * 4 + coalesce(h.quarter, 4) <= \(period.lastQuarterIndex)
                  AND (\(provinces)::text[] IS NULL OR h.province_code = ANY(\(provinces)))
                GROUP BY h.provider_name
            ), named AS (
                SELECT regexp_replace(btrim(name), '\\s+', ' ', 'g') AS name, (array_agg(id))[1] AS id
                FROM intake.providers GROUP BY 1 HAVING count(*) = 1
            )
            SELECT p.id, p.name, p.kind, w.assignments, w.completed, w.withdrawn, w.rated, w.mean_rating, w.median_days,
                   w.coupon_baht, w.spent_baht, c.certificates, q.declined, q.expired,
                   h.coupons AS imported_coupons, h.coupon_baht AS imported_coupon_baht, h.completed AS imported_completed,
                   h.certificates AS imported_certificates
            FROM intake.providers p
            LEFT JOIN work w ON w.provider_id = p.id
            LEFT JOIN certified c ON c.provider_id = p.id
            LEFT JOIN answered q ON q.provider_id = p.id
            LEFT JOIN named n ON n.id = p.id
            LEFT JOIN history h ON h.provider_name = n.name
            WHERE w.provider_id IS NOT NULL OR q.provider_id IS NOT NULL OR h.provider_name IS NOT NULL
            UNION ALL
            SELECT NULL, h.provider_name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                   h.coupons, h.coupon_baht, h.completed, h.certificates
            FROM history h
            WHERE NOT EXISTS (SELECT 1 FROM named n WHERE n.name = h.provider_name)
            ORDER BY 2, 1
            """).map(Card.init(row:))
        return ProviderScorecards(period: total.view, region: region, asOf: today.description, providers: cards)
    }
}

extension ProviderScorecards.Card {
    /// A line of the scorecards' query (absent figures are 0).
    init(row: PostgresRow) throws {
        providerId = try row.decode(UUID?.self, column: "id")
        name = try row.decode(String.self, column: "name")
        kind = try row.decode(ProviderKind?.self, column: "kind")
        func count(_ column: String) throws -> Int { try row.decode(Int?.self, column: column) ?? 0 }
        assignments = try count("assignments")
        completed = try count("completed")
        withdrawnByOfficer = try count("withdrawn")
        completionRate = completed + withdrawnByOfficer > 0
            ? KPIStatistics.rounded(Double(completed) / Double(completed + withdrawnByOfficer), places: 3) : nil
        declined = try count("declined")
        expired = try count("expired")
        rated = try count("rated")
        meanRating = try row.decode(Double?.self, column: "mean_rating").map { KPIStatistics.rounded($0, places: 2) }
        medianDaysToFinish = try row.decode(Double?.self, column: "median_days")
        certificatesObtained = try count("certificates")
        couponBaht = try count("coupon_baht")
        spentBaht = try count("spent_baht")
        imported = ProviderScorecards.ImportedWork(
            coupons: try count("imported_coupons"), couponBaht: try count("imported_coupon_baht"),
            completed: try count("imported_completed"), certificatesObtained: try count("imported_certificates"))
    }
}

extension ProviderScorecards {
    /// The columns of the CSV export, in order.
    static let csvHeader = [
        "provider_id", "name", "kind", "assignments", "completed", "withdrawn_by_officer", "completion_rate", "declined", "expired",
        "rated", "mean_rating", "median_days_to_finish", "certificates_obtained", "coupon_baht", "spent_baht", "imported_coupons",
        "imported_coupon_baht", "imported_completed", "imported_certificates_obtained",
    ]

    /// One line per provider.
    var csv: String {
        ReportCSV.document(header: Self.csvHeader, rows: providers.map { card in [
            card.providerId?.uuidString.lowercased() ?? "", card.name, card.kind?.rawValue ?? "", "\(card.assignments)",
            "\(card.completed)", "\(card.withdrawnByOfficer)", KPIStatistics.decimal(card.completionRate, places: 3),
            "\(card.declined)", "\(card.expired)", "\(card.rated)", KPIStatistics.decimal(card.meanRating, places: 2),
            KPIStatistics.decimal(card.medianDaysToFinish, places: 1), "\(card.certificatesObtained)", "\(card.couponBaht)",
            "\(card.spentBaht)", "\(card.imported.coupons)", "\(card.imported.couponBaht)", "\(card.imported.completed)",
            "\(card.imported.certificatesObtained)",
        ] })
    }
}
