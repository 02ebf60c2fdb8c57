import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Messaging
import Postgres
import Timestamps

/// The KPIs officers report, per Thai fiscal year (Buddhist Era; the current one by default): the
/// certificates obtained, and the programme's figures (requests through matching to completion,
/// establishments served, days to assignment and completion, ratings, the income KPI, coupon money,
/// provider load and completion). Officers and operators only; an officer scoped to a region gets
/// that region's figures, with `region` in the answer. JSON, or CSV with `Accept: text/csv`.
struct KPIsController: Sendable {
    let catalogue: StandardCatalogue
    let pool: PostgresPool
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("kpis/certificates", use: certificateKPIs)
        group.get("kpis/programme", use: programmeKPIs)
    }

    /// `GET /v1/kpis/certificates`
    @Sendable func certificateKPIs(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read the certificate KPIs")
        let fiscalYear = try await kpiFiscalYear(request)
        let kpis = try await CertificateKPIs.load(fiscalYear: fiscalYear, region: client.scopedRegion, today: ThaiCalendar.civilDate(of: try await clock.now()),
                                                  catalogue: catalogue, pool: pool)
        if wantsCSV(request) { return csv(kpis.csv, file: "certificates-\(kpis.fiscalYear).csv") }
        return try JSONResponse.make(.ok, kpis)
    }

    /// `GET /v1/kpis/programme`
    @Sendable func programmeKPIs(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read the programme KPIs")
        let fiscalYear = try await kpiFiscalYear(request)
        let kpis = try await ProgrammeKPIs.load(fiscalYear: fiscalYear, region: client.scopedRegion, today: ThaiCalendar.civilDate(of: try await clock.now()),
                                                pool: pool)
        if wantsCSV(request) { return csv(kpis.csv, file: "programme-\(kpis.fiscalYear).csv") }
        return try JSONResponse.make(.ok, kpis)
    }

    /// The `fiscalYear` query parameter (2560–2700), or the fiscal year of today (422 naming it when bad).
    private func kpiFiscalYear(_ request: Request) async throws -> FiscalYear {
        var v = Validation()
        let year = v.intParameter(request.uri.queryParameters["fiscalYear"].map(String.init), "fiscalYear", in: 2560...2700,
                                  required: false)
        try v.finish()
        if let year { return FiscalYear(buddhistYear: year) }
        return FiscalYear.containing(try await clock.now())
    }

    private func wantsCSV(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").lowercased().contains("text/csv")
    }

    private func csv(_ text: String, file: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
