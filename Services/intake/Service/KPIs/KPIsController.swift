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
/// provider load and completion). Officers and operators only; `region=` or `provinceCode=` narrow
/// every figure to a place (said in the answer's `region` / `provinceCode`); an officer scoped to a
/// region gets that region's figures and may name only its own region or its provinces (404
/// otherwise). JSON, or CSV with `Accept: text/csv`.
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
        let (fiscalYear, place) = try await kpiQuery(request, client: client)
        let kpis = try await CertificateKPIs.load(fiscalYear: fiscalYear, region: place.region, province: place.province,
                                                  today: ThaiCalendar.civilDate(of: try await clock.now()), catalogue: catalogue, pool: pool)
        if wantsCSV(request) { return csv(kpis.csv, file: "certificates-\(kpis.fiscalYear).csv") }
        return try JSONResponse.make(.ok, kpis)
    }

    /// `GET /v1/kpis/programme`
    @Sendable func programmeKPIs(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.officer, .operator, to: "read the programme KPIs")
        let (fiscalYear, place) = try await kpiQuery(request, client: client)
        let kpis = try await ProgrammeKPIs.load(fiscalYear: fiscalYear, region: place.region, province: place.province,
                                                today: ThaiCalendar.civilDate(of: try await clock.now()), pool: pool)
        if wantsCSV(request) { return csv(kpis.csv, file: "programme-\(kpis.fiscalYear).csv") }
        return try JSONResponse.make(.ok, kpis)
    }

    /// The `fiscalYear` query parameter (2560–2700; the fiscal year of today when absent) and the place:
    /// `region` and `provinceCode` (422 naming a bad one; 404 for a province outside the region named),
    /// a scoped officer's region when it names neither, 404 when it names another region or its province.
    private func kpiQuery(_ request: Request, client: APIClient) async throws -> (FiscalYear, (region: Region?, province: Province?)) {
        var v = Validation()
        func text(_ name: String) -> String? { request.uri.queryParameters[name[...]].map(String.init) }
        let year = v.intParameter(text("fiscalYear"), "fiscalYear", in: 2560...2700, required: false)
        let region = v.parameter(text("region"), "region", as: Region.self)
        let province = v.provinceParameter(text("provinceCode"), "provinceCode")
        try v.finish()
        // A province outside the region named is a place that does not exist (not a malformed query).
        if let region, let province, province.region != region {
            throw Problem.notFound(.kpis, "\(region.rawValue)/\(province.isoCode)")
        }
        if let scope = client.scopedRegion, let asked = province?.region ?? region, asked != scope {
            throw Problem.notFound(.kpis, province?.isoCode ?? asked.rawValue)
        }
        let fiscalYear: FiscalYear
        if let year {
            fiscalYear = FiscalYear(buddhistYear: year)
        } else {
            fiscalYear = FiscalYear.containing(try await clock.now())
        }
        return (fiscalYear, (region ?? client.scopedRegion, province))
    }

    private func wantsCSV(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").lowercased().contains("text/csv")
    }

    private func csv(_ text: String, file: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(file)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
