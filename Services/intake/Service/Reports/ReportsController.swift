import Domain
import Foundation
import Hummingbird
import Messaging
import Postgres
import Timestamps

/// The programme's reports over any period (docs/reports.md): establishments served and their
/// coupons, budget execution against allocation, provider scorecards; live records and the
/// imported history together, each figure marked by source. For the ministry, officers and
/// operators (an officer scoped to a region gets that region's figures, with `region` in the
/// answer). JSON, or CSV (UTF-8 with a byte-order mark) with `Accept: text/csv`. The officers'
/// dashboard figures of one fiscal year are `/v1/kpis/*`.
struct ReportsController: Sendable {
    let pool: PostgresPool
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("reports/served", use: served)
        group.get("reports/budget-execution", use: budgetExecution)
        group.get("reports/provider-scorecards", use: providerScorecards)
    }

    /// `GET /v1/reports/served?from=2560&until=2569&per=fiscalYear&by=region`
    @Sendable func served(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try await answer(request, context: context, parameters: { try Self.servedParameters($0, now: $1) }) {
            try await ServedReport.load(period: $0.0, by: $0.1, region: $1, today: $2, connection: $3)
        }
    }

    /// `GET /v1/reports/budget-execution?from=2560&until=2569`
    @Sendable func budgetExecution(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try await answer(request, context: context, parameters: { try ReportPeriod.read($0, now: $1, splits: false) }) {
            try await BudgetExecutionReport.load(period: $0, region: $1, today: $2, connection: $3)
        }
    }

    /// `GET /v1/reports/provider-scorecards?from=2568&until=2569`
    @Sendable func providerScorecards(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        try await answer(request, context: context, parameters: { try ReportPeriod.read($0, now: $1, splits: false) }) {
            try await ProviderScorecards.load(period: $0, region: $1, today: $2, connection: $3)
        }
    }

    /// What every report route does: the role check, the query's parameters (every bad one in one
    /// 422), the report read in its transaction (``ReportSession``) for the client's region, then
    /// JSON, or CSV when asked for.
    private func answer<Parameters, Report: ProgrammeReport>(
        _ request: Request, context: IntakeRequestContext, parameters read: (Request, Date) throws -> Parameters,
        load: (Parameters, Region?, CivilDate, PostgresConnection) async throws -> Report
    ) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read the programme's reports")
        let now = try await clock.now()
        let parameters = try read(request, now)
        let report = try await ReportSession.read(pool) { connection in
            try await load(parameters, client.scopedRegion, ThaiCalendar.civilDate(of: now), connection)
        }
        if ReportCSV.wanted(by: request) {
            return ReportCSV.response(report.csv, file: "\(report.report)-\(report.period.from)-\(report.period.until).csv")
        }
        return try JSONResponse.make(.ok, report)
    }

    /// The period and the breakdown (`by`, one of ``ReportDimension/all``), every bad parameter in one 422.
    static func servedParameters(_ request: Request, now: Date) throws(Problem) -> (ReportPeriod, ReportDimension?) {
        var v = Validation()
        let period = ReportPeriod.read(request, now: now, into: &v)
        var dimension: ReportDimension?
        if let name = request.uri.queryParameters["by"].map(String.init) {
            dimension = ReportDimension.named(name)
            if dimension == nil {
                v.failParameter("by", Messages.oneOf(ReportDimension.all.map(\.name), found: TextRules.printable(name)))
            }
        }
        try v.finish()
        return (period!, dimension)
    }
}
