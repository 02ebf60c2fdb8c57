import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// The programme KPIs officers report for a fiscal year (1 October – 30 September, numbered in the
/// Buddhist Era), per province, per region and in total, built from what intake records of
/// matching's events (docs/api.md, "KPIs", says what each figure counts).
///
/// The request figures follow the fiscal year's cohort: the requests submitted in it
/// (`requests.fiscal_year`), whatever became of them since. Coupon money is the regions' budgets of
/// that year. Providers carry their own figures (their load as of now, their completion rate on the
/// year's requests), listed when they serve the region asked for.
struct ProgrammeKPIs: Codable, Sendable {
    /// One place: a province, a region, or everywhere.
    struct Row: Codable, Sendable {
        var region: Region?
        var regionNameTH: String?
        var provinceCode: String?
        var provinceNameTH: String?
        /// Requests submitted in the fiscal year.
        var requestsReceived = 0
        /// Screened eligible by an officer, or taken on by matching (automatic screening announces no decision).
        var screenedEligible = 0
        var screenedNotEligible = 0
        /// Proposed to a provider at least once, or assigned by an officer's hand.
        var matched = 0
        /// Assigned to a provider at least once.
        var assigned = 0
        /// The enterprise confirmed the work done.
        var completed = 0
        /// The request itself was withdrawn.
        var withdrawn = 0
        /// Waiting for a provider now: unmatched, or waitlisted by an allocation round.
        var waiting = 0
        /// Distinct enterprises with a request assigned at least once.
        var establishmentsServed = 0
        /// Median days (Bangkok dates) from submission to the first assignment, and to completion.
        var medianDaysToAssignment: Double?
        var medianDaysToCompletion: Double?
        /// Completed work the enterprise rated, and the mean of its ratings (1–5).
        var rated = 0
        var meanRating: Double?
        /// Enterprises that reported their monthly income before and after (the latest report of
        /// each), those whose income grew by 10 % or more, and the median change in per cent.
        var incomeReported = 0
        var incomeIncreasedTenPercent = 0
        var medianIncomeChangePercent: Double?
        /// The region's coupon budget of the fiscal year (regions and total only; absent before
        /// matching published one).
        var couponCommittedBaht: Int?
        var couponSpentBaht: Int?
    }

    /// A provider serving the region asked for (every provider when the whole country is asked).
    struct ProviderRow: Codable, Sendable {
        var providerId: UUID
        var name: String
        var kind: ProviderKind
        var qualified: Bool
        var capacity: Int
        /// Assignments it holds now (not withdrawn, not completed), whatever their fiscal year.
        var activeAssignments: Int
        /// activeAssignments / capacity; absent when the capacity is 0.
        var load: Double?
        /// Assignments of the fiscal year's requests it took, completed, and had withdrawn by an officer.
        var assignments: Int
        var completed: Int
        var withdrawn: Int
        /// completed / (completed + withdrawn), as matching scores past outcomes; absent when none ended.
        var completionRate: Double?
    }

    var fiscalYear: Int
    /// The region the figures are limited to (an officer scoped to a region sees only its own);
    /// absent when they cover the whole country.
    var region: Region?
    /// The province the figures are limited to (`provinceCode=`; no coupon figures then: budgets are
    /// regional), absent otherwise.
    var provinceCode: String?
    var from: String
    var until: String
    var asOf: String
    /// Provinces with at least one request in the fiscal year.
    var byProvince: [Row]
    /// Every region (the officer's own when scoped), with or without requests.
    var byRegion: [Row]
    var total: Row
    var providers: [ProviderRow]
    /// The fiscal year's twelve months in order, counted by the month each event happened in.
    var byMonth: [Month]

    /// Reads the figures for `fiscalYear`, of `province` only, or of `region` only, when one is given.
    static func load(fiscalYear: FiscalYear, region: Region?, province: Province? = nil, today: CivilDate,
                     pool: PostgresPool) async throws -> ProgrammeKPIs {
        let region = province?.region ?? region
        let provinces = province.map { [$0.isoCode] } ?? region.map(Province.codes(in:))
        let processed = [MatchProposed.eventType, MatchUnavailable.eventType, MatchWaitlisted.eventType, MatchAssigned.eventType]
        // Each of the year's requests probes its own proposals, timeline and assignments through their
        // request indexes (LATERAL ... LIMIT 1), so the cost follows the year's requests: as EXISTS
        // subqueries PostgreSQL hashed every proposal and timeline row of every year (ten years of
        // history: 0.9 s of the dashboard's second, docs/benchmarks.md).
        async let requestRows = pool.query("""
            SELECT r.enterprise_id, r.province_code, r.status, r.eligible, r.submitted_at,
                   proposed.found IS NOT NULL AS proposed, processed.found IS NOT NULL AS processed,
                   first.assigned_at AS first_assigned_at,
                   done.completed_at, done.rated_at, done.rating, done.monthly_income_before_baht, done.monthly_income_after_baht
            FROM intake.requests r
            LEFT JOIN LATERAL (SELECT 1 AS found FROM intake.proposals p WHERE p.request_id = r.id LIMIT 1) proposed ON true
            LEFT JOIN LATERAL (SELECT 1 AS found FROM intake.request_timeline t
                               WHERE t.request_id = r.id AND t.event_type = ANY(\(processed)) LIMIT 1) processed ON true
            LEFT JOIN LATERAL (SELECT min(a.assigned_at) AS assigned_at FROM intake.request_assignments a
                               WHERE a.request_id = r.id) first ON true
            LEFT JOIN intake.request_assignments done
                   ON done.request_id = r.id AND done.withdrawn_at IS NULL AND done.completed_at IS NOT NULL
            WHERE r.fiscal_year = \(fiscalYear.buddhistYear)
              AND (\(provinces)::text[] IS NULL OR r.province_code = ANY(\(provinces)))
            """)
        let regions = region.map { [$0] } ?? Region.allCases
        // Budgets are regional: a province's figures have none.
        async let budgetRows = pool.query("""
            SELECT region, committed_baht, spent_baht FROM intake.budgets
            WHERE fiscal_year = \(fiscalYear.buddhistYear) AND region = ANY(\(regions.map(\.rawValue))) AND \(province == nil)
            """)
        async let providerList = providerRows(fiscalYear: fiscalYear, region: region, province: province, pool: pool)
        async let monthList = Month.load(fiscalYear: fiscalYear, provinces: provinces, pool: pool)
        let requests = try await requestRows.map(RequestFacts.init(row:))
        var budgets: [Region: (committed: Int, spent: Int)] = [:]
        for row in try await budgetRows {
            budgets[try row.decode(Region.self, column: "region")] =
                (try row.decode(Int.self, column: "committed_baht"), try row.decode(Int.self, column: "spent_baht"))
        }
        let providers = try await providerList
        let months = try await monthList

        var byProvince: [String: [RequestFacts]] = [:]
        var byRegion: [Region: [RequestFacts]] = [:]
        for request in requests {
            byProvince[request.province.isoCode, default: []].append(request)
            byRegion[request.province.region, default: []].append(request)
        }
        let provinceRows = byProvince.map { code, facts in
            let province = facts[0].province
            var row = Row(region: province.region, regionNameTH: province.region.nameTH, provinceCode: code,
                          provinceNameTH: province.nameTH)
            row.count(facts)
            return row
        }.sorted { ($0.region!, $0.provinceCode!) < ($1.region!, $1.provinceCode!) }
        let regionRows = regions.map { region in
            var row = Row(region: region, regionNameTH: region.nameTH)
            row.count(byRegion[region] ?? [])
            row.couponCommittedBaht = budgets[region]?.committed
            row.couponSpentBaht = budgets[region]?.spent
            return row
        }
        var total = Row()
        total.count(requests)
        if !budgets.isEmpty {
            total.couponCommittedBaht = budgets.values.map(\.committed).reduce(0, +)
            total.couponSpentBaht = budgets.values.map(\.spent).reduce(0, +)
        }
        let days = KPIStatistics.days(of: fiscalYear)
        return ProgrammeKPIs(
            fiscalYear: fiscalYear.buddhistYear, region: region, provinceCode: province?.isoCode, from: days.from, until: days.until,
            asOf: today.description, byProvince: provinceRows, byRegion: regionRows, total: total, providers: providers,
            byMonth: months)
    }

    /// The providers serving `province` or `region` (all when neither), with their load now and their
    /// outcomes on the fiscal year's requests.
    private static func providerRows(fiscalYear: FiscalYear, region: Region?, province: Province?,
                                     pool: PostgresPool) async throws -> [ProviderRow] {
        let provinces = province.map { [$0.isoCode] } ?? region.map(Province.codes(in:))
        // The year's outcomes from the year's requests only, the load from the open assignments only:
        // joining every assignment of every year to its request cost most of this statement's time.
        return try await pool.query("""
            WITH year AS (
              SELECT a.provider_id, count(*) AS assignments,
                     count(*) FILTER (WHERE a.completed_at IS NOT NULL) AS completed,
                     count(*) FILTER (WHERE a.withdrawal = \(AssignmentWithdrawal.assignment.rawValue)) AS withdrawn
              FROM intake.requests r JOIN intake.request_assignments a ON a.request_id = r.id
              WHERE r.fiscal_year = \(fiscalYear.buddhistYear)
              GROUP BY a.provider_id
            ), open AS (
              SELECT provider_id, count(*) AS active FROM intake.request_assignments
              WHERE withdrawn_at IS NULL AND completed_at IS NULL
              GROUP BY provider_id
            )
            SELECT p.id, p.name, p.kind, p.qualified, p.capacity, coalesce(open.active, 0) AS active,
                   coalesce(year.assignments, 0) AS assignments, coalesce(year.completed, 0) AS completed,
                   coalesce(year.withdrawn, 0) AS withdrawn
            FROM intake.providers p
            LEFT JOIN year ON year.provider_id = p.id
            LEFT JOIN open ON open.provider_id = p.id
            WHERE \(region?.rawValue)::text IS NULL OR p.profile->'regions' ? \(region?.rawValue)
                  OR p.profile->'provinceCodes' ?| \(provinces)
            ORDER BY p.name, p.id
            """).map { row in
            let capacity = try row.decode(Int.self, column: "capacity")
            let active = try row.decode(Int.self, column: "active")
            let completed = try row.decode(Int.self, column: "completed")
            let withdrawn = try row.decode(Int.self, column: "withdrawn")
            return ProviderRow(
                providerId: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                kind: try row.decode(ProviderKind.self, column: "kind"), qualified: try row.decode(Bool.self, column: "qualified"),
                capacity: capacity, activeAssignments: active,
                load: capacity > 0 ? KPIStatistics.rounded(Double(active) / Double(capacity), places: 3) : nil,
                assignments: try row.decode(Int.self, column: "assignments"), completed: completed, withdrawn: withdrawn,
                completionRate: completed + withdrawn > 0 ? KPIStatistics.rounded(Double(completed) / Double(completed + withdrawn), places: 3) : nil)
        }
    }
}

/// What the KPIs need of one request of the fiscal year, decoded in one place.
struct RequestFacts: Sendable {
    var enterprise: UUID
    var province: Province
    var status: RequestStatus
    /// An officer's screening decision, if one was made.
    var eligible: Bool?
    /// Matching proposed a provider, found none, waitlisted it or it was assigned: it got past screening.
    var processed: Bool
    var proposed: Bool
    var submittedAt: Date
    var firstAssignedAt: Date?
    var completedAt: Date?
    var ratedAt: Date?
    var rating: Int?
    var incomeBeforeBaht: Int?
    var incomeAfterBaht: Int?

    init(row: PostgresRow) throws {
        enterprise = try row.decode(UUID.self, column: "enterprise_id")
        let code = try row.decode(String.self, column: "province_code")
        guard let province = Province.withCode(code) else {
            throw PostgresError(code: .decoding, message: "column 'province_code': unknown province '\(code)'", column: "province_code")
        }
        self.province = province
        status = try row.decode(RequestStatus.self, column: "status")
        eligible = try row.decode(Bool?.self, column: "eligible")
        processed = try row.decode(Bool.self, column: "processed")
        proposed = try row.decode(Bool.self, column: "proposed")
        submittedAt = try row.decode(Date.self, column: "submitted_at")
        firstAssignedAt = try row.decode(Date?.self, column: "first_assigned_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        ratedAt = try row.decode(Date?.self, column: "rated_at")
        rating = try row.decode(Int?.self, column: "rating")
        incomeBeforeBaht = try row.decode(Int?.self, column: "monthly_income_before_baht")
        incomeAfterBaht = try row.decode(Int?.self, column: "monthly_income_after_baht")
    }

    /// Whole days (Bangkok dates) from submission to `date`.
    func days(until date: Date) -> Double {
        Double(max(0, ThaiCalendar.civilDate(of: submittedAt).days(until: ThaiCalendar.civilDate(of: date))))
    }
}

/// The income an enterprise reported before and after the work.
struct IncomeReport: Sendable {
    var before: Int
    var after: Int

    /// At least 10 % more (exactly 10 % counts), in whole baht without rounding; from nothing to
    /// something counts too.
    var increasedTenPercent: Bool { after > before && after * 10 >= before * 11 }

    /// The change in per cent; `nil` when the income before was 0.
    var changePercent: Double? { before > 0 ? Double(after - before) * 100 / Double(before) : nil }
}

extension ProgrammeKPIs.Row {
    /// Counts `requests` into the row's request, enterprise and income figures.
    mutating func count(_ requests: [RequestFacts]) {
        var served: Set<UUID> = []
        var daysToAssignment: [Double] = [], daysToCompletion: [Double] = [], ratings: [Int] = []
        var incomes: [UUID: (at: Date, report: IncomeReport)] = [:]
        for request in requests {
            requestsReceived += 1
            if request.eligible == true || (request.eligible == nil && request.processed) { screenedEligible += 1 }
            if request.eligible == false { screenedNotEligible += 1 }
            if request.proposed || request.firstAssignedAt != nil { matched += 1 }
            if request.status == .withdrawn { withdrawn += 1 }
            if request.status == .unmatched || request.status == .waitlisted { waiting += 1 }
            if let assignedAt = request.firstAssignedAt {
                assigned += 1
                served.insert(request.enterprise)
                daysToAssignment.append(request.days(until: assignedAt))
            }
            if let completedAt = request.completedAt {
                completed += 1
                daysToCompletion.append(request.days(until: completedAt))
            }
            if let rating = request.rating, let ratedAt = request.ratedAt {
                ratings.append(rating)
                if let before = request.incomeBeforeBaht, let after = request.incomeAfterBaht,
                   incomes[request.enterprise].map({ $0.at < ratedAt }) ?? true {
                    incomes[request.enterprise] = (ratedAt, IncomeReport(before: before, after: after))
                }
            }
        }
        establishmentsServed = served.count
        medianDaysToAssignment = KPIStatistics.median(daysToAssignment)
        medianDaysToCompletion = KPIStatistics.median(daysToCompletion)
        rated = ratings.count
        meanRating = ratings.isEmpty ? nil : KPIStatistics.rounded(Double(ratings.reduce(0, +)) / Double(ratings.count), places: 2)
        incomeReported = incomes.count
        incomeIncreasedTenPercent = incomes.values.filter(\.report.increasedTenPercent).count
        medianIncomeChangePercent = KPIStatistics.median(incomes.values.compactMap(\.report.changePercent))
            .map { KPIStatistics.rounded($0, places: 1) }
    }
}
