import Domain
import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Who may do what, as one table: each route (on data of the north or the south, the caller's own
/// or another's) × each caller (operator, officer, officer scoped to the north, the ministry, the north
/// and the south enterprise, the north provider, nobody) → the status the API answers. Writes send a body
/// that passes authorization and fails validation (a 422 proves the caller got past the checks
/// without changing anything), or an empty merge patch with `If-Match: *`. Any changed cell fails.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// The callers, in the order of the table's columns.
    static let callers = ["operator", "officer", "northOfficer", "ministry", "northEnterprise", "southEnterprise", "northProvider", "nobody"]

    /// `METHOD path body | expected status per caller`. `{north}`, `{south}` … are the fixture's ids;
    /// `{standard}` is `gmp`, `{year}` 2570, `{region}` the north and `{otherRegion}` the south; body `{}` sends an empty JSON object (with `If-Match: *` on a PATCH or PUT), `-` none.
    static let table = """
        GET    /v1/enterprises                              -  | 200 200 200 200 200 200 403 401
        POST   /v1/enterprises                              {} | 422 422 422 403 403 403 403 401
        GET    /v1/enterprises/{north}                      -  | 200 200 200 200 200 404 404 401
        GET    /v1/enterprises/{south}                      -  | 200 200 404 200 404 200 404 401
        PATCH  /v1/enterprises/{north}                      {} | 403 200 200 403 200 404 403 401
        PATCH  /v1/enterprises/{south}                      {} | 403 200 404 403 404 200 403 401
        POST   /v1/enterprises/{north}/verification         -  | 403 428 428 403 403 403 403 401
        POST   /v1/enterprises/{south}/verification         -  | 403 428 404 403 403 403 403 401
        GET    /v1/enterprises/{north}/products             -  | 200 200 200 200 200 404 403 401
        POST   /v1/enterprises/{north}/products             {} | 403 422 422 403 422 404 403 401
        POST   /v1/enterprises/{south}/products             {} | 403 422 404 403 404 422 403 401
        GET    /v1/enterprises/{north}/products/{product}   -  | 200 200 200 200 200 404 403 401
        PATCH  /v1/enterprises/{north}/products/{product}   {} | 403 200 200 403 200 404 403 401
        GET    /v1/providers                                -  | 200 200 200 200 403 403 200 401
        POST   /v1/providers                                {} | 422 422 422 403 403 403 403 401
        GET    /v1/providers/{northProvider}                -  | 200 200 200 200 404 404 200 401
        GET    /v1/providers/{southProvider}                -  | 200 200 404 200 404 404 404 401
        PATCH  /v1/providers/{northProvider}                {} | 403 200 200 403 403 403 200 401
        PATCH  /v1/providers/{southProvider}                {} | 403 200 404 403 403 403 404 401
        GET    /v1/contacts/{north}                         -  | 200 200 200 200 200 404 404 401
        GET    /v1/contacts/{south}                         -  | 200 200 404 200 404 200 404 401
        GET    /v1/contacts/{northProvider}                 -  | 200 200 200 200 404 404 200 401
        PATCH  /v1/contacts/{north}                         {} | 403 200 200 403 200 404 404 401
        PATCH  /v1/contacts/{south}                         {} | 403 200 404 403 404 200 404 401
        DELETE /v1/contacts/{random}                        -  | 404 404 404 403 403 403 403 401
        POST   /v1/requests                                 {} | 403 403 403 403 422 422 403 401
        GET    /v1/requests                                 -  | 200 200 200 200 200 200 200 401
        GET    /v1/requests/{northRequest}                  -  | 200 200 200 200 200 404 404 401
        GET    /v1/requests/{southRequest}                  -  | 200 200 404 200 404 200 404 401
        GET    /v1/api-clients                              -  | 200 403 403 403 403 403 403 401
        POST   /v1/api-clients                              {} | 422 403 403 403 403 403 403 401
        GET    /v1/api-clients/{officerClient}              -  | 200 403 403 403 403 403 403 401
        POST   /v1/api-clients/{random}/revocation          -  | 404 403 403 403 403 403 403 401
        POST   /v1/api-clients/{random}/rotation            -  | 404 403 403 403 403 403 403 401
        GET    /v1/certificates                             -  | 200 200 200 200 200 200 200 401
        GET    /v1/certificates?region={otherRegion}&provinceCode=TH-90 - | 200 200 200 200 200 200 200 401
        GET    /v1/certificates/{random}                    -  | 404 404 404 404 404 404 404 401
        POST   /v1/certificates/{random}/steps              {} | 403 422 422 403 403 403 422 401
        POST   /v1/enterprises/{north}/certificates         {} | 422 422 422 403 422 404 403 401
        POST   /v1/enterprises/{south}/certificates         {} | 422 422 404 403 404 422 403 401
        POST   /v1/enterprises/{north}/certificate-steps    {} | 403 422 422 403 403 403 422 401
        POST   /v1/enterprises/{south}/certificate-steps    {} | 403 422 404 403 403 403 422 401
        GET    /v1/certificate-reports/{random}             -  | 404 404 404 404 404 404 404 401
        GET    /v1/kpis/certificates                        -  | 200 200 200 200 403 403 403 401
        GET    /v1/kpis/programme                           -  | 200 200 200 200 403 403 403 401
        GET    /v1/kpis/programme?region={otherRegion}      -  | 200 200 404 200 403 403 403 401
        GET    /v1/kpis/certificates?provinceCode=TH-90     -  | 200 200 404 200 403 403 403 401
        POST   /v1/officer-contacts                         {} | 422 422 422 403 403 403 403 401
        GET    /v1/officer-contacts                         -  | 200 200 200 200 403 403 403 401
        GET    /v1/officer-contacts/{random}                -  | 404 404 404 404 403 403 403 401
        PUT    /v1/officer-contacts/{random}                {} | 422 422 422 403 403 403 403 401
        PATCH  /v1/contacts/{north}/preferences             {} | 200 200 200 403 200 404 404 401
        PATCH  /v1/contacts/{south}/preferences             {} | 200 200 404 403 404 200 404 401
        POST   /v1/imports/enterprises                      {} | 415 415 403 403 403 403 403 401
        POST   /v1/imports/providers                        {} | 415 415 403 403 403 403 403 401
        POST   /v1/imports/history                          {} | 415 415 403 403 403 403 403 401
        GET    /v1/reports/served                           -  | 200 200 200 200 403 403 403 401
        GET    /v1/reports/budget-execution                 -  | 200 200 200 200 403 403 403 401
        GET    /v1/reports/provider-scorecards              -  | 200 200 200 200 403 403 403 401
        GET    /v1/proposals                                -  | 200 200 200 200 200 200 200 401
        GET    /v1/proposals/{random}                       -  | 404 404 404 404 404 404 404 401
        POST   /v1/proposals/{random}/accept                -  | 403 403 403 403 403 403 404 401
        POST   /v1/proposals/{random}/decline               {} | 403 403 403 403 403 403 404 401
        POST   /v1/proposals/{random}/confirm               -  | 403 403 403 403 404 404 403 401
        POST   /v1/proposals/{random}/withdrawal            {} | 403 404 404 403 403 403 403 401
        POST   /v1/requests/{northRequest}/screening        {} | 403 422 422 403 403 403 403 401
        POST   /v1/requests/{southRequest}/screening        {} | 403 422 404 403 403 403 403 401
        POST   /v1/requests/{northRequest}/withdrawal       {} | 403 422 422 403 422 404 403 401
        POST   /v1/requests/{southRequest}/withdrawal       {} | 403 422 404 403 404 422 403 401
        POST   /v1/requests/{northRequest}/work-report      {} | 403 403 403 403 403 403 404 401
        POST   /v1/requests/{northRequest}/completion       -  | 403 409 409 403 409 404 403 401
        POST   /v1/requests/{southRequest}/completion       -  | 403 409 404 403 404 409 403 401
        POST   /v1/requests/{northRequest}/rating           {} | 403 403 403 403 409 404 403 401
        POST   /v1/requests/{northRequest}/assignment       {} | 403 422 422 403 403 403 403 401
        POST   /v1/requests/{southRequest}/assignment       {} | 403 422 404 403 403 403 403 401
        POST   /v1/requests/{northRequest}/assignment/withdrawal {} | 403 409 409 403 403 403 403 401
        GET    /v1/budgets                                  -  | 422 422 422 422 403 403 403 401
        GET    /v1/budgets?fiscalYear={year}                -  | 200 200 200 200 403 403 403 401
        GET    /v1/budgets/{year}/{region}                  -  | 200 200 200 200 403 403 403 401
        GET    /v1/budgets/{year}/{otherRegion}             -  | 200 200 404 200 403 403 403 401
        GET    /v1/budgets/{year}/{region}/ledger           -  | 200 200 200 200 403 403 403 401
        GET    /v1/budgets/{year}/{otherRegion}/ledger      -  | 200 200 404 200 403 403 403 401
        PUT    /v1/budgets/{year}/{region}                  {} | 403 422 422 403 403 403 403 401
        PUT    /v1/budgets/{year}/{otherRegion}             {} | 403 422 403 403 403 403 403 401
        POST   /v1/rounds                                   {} | 403 422 422 403 403 403 403 401
        GET    /v1/rounds/{random}                          -  | 404 404 404 404 403 403 403 401
        GET    /v1/access-log                               -  | 200 200 200 200 403 403 403 401
        GET    /v1/rounds                                   -  | 200 200 200 200 403 403 403 401
        GET    /v1/rounds/{random}/requests                 -  | 404 404 404 404 403 403 403 401
        GET    /v1/queues                                   -  | 403 200 200 200 403 403 403 401
        GET    /v1/operations/dead-letters                  -  | 200 403 403 403 403 403 403 401
        GET    /v1/notification-failures                    -  | 200 200 200 200 403 403 403 401
        POST   /v1/notification-failures/{random}/resolution {} | 403 422 422 403 403 403 403 401
        POST   /v1/sign-in/codes                            {} | 403 403 403 403 403 403 403 401
        POST   /v1/sign-in/verifications                    {} | 403 403 403 403 403 403 403 401
        POST   /v1/enterprise-applications                  {} | 403 403 403 403 403 403 403 401
        POST   /v1/line-links                               {} | 403 403 403 403 422 422 422 401
        POST   /webhooks/line                               {} | 401 401 401 401 401 401 401 401
        GET    /openapi.json                                -  | 200 200 200 200 200 200 200 200
        GET    /health/live                                 -  | 200 200 200 200 200 200 200 200
        """

    struct Row: CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var body: Bool
        var expected: [Int]
        var description: String { "\(method) \(path)" }
    }

    static var rows: [Row] {
        table.split(separator: "\n").map { line in
            let halves = line.split(separator: "|")
            let left = halves[0].split(separator: " ")
            return Row(method: HTTPRequest.Method(String(left[0]))!, path: String(left[1]), body: left[2] == "{}",
                       expected: halves[1].split(separator: " ").map { Int($0)! })
        }
    }

    @Test("every cell of the table holds", arguments: rows)
    func cell(_ row: Row) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let path = Self.concrete(row.path, parties.ids)
        let tokens = parties.tokens
        let byCaller: [String: String?] = [
            "operator": tokens.operator, "officer": tokens.officer, "northOfficer": tokens.northOfficer, "ministry": tokens.ministry,
            "northEnterprise": tokens.northEnterprise, "southEnterprise": tokens.southEnterprise,
            "northProvider": tokens.northProvider, "nobody": nil,
        ]
        var found: [Int] = []
        for caller in Self.callers {
            let headers: HTTPFields = row.method == .patch || row.method == .put ? [.ifMatch: "*"] : [:]
            let answer = try await fixture.call.send(row.method, path, token: byCaller[caller]!, body: row.body ? Array("{}".utf8) : nil,
                                                     headers: headers)
            found.append(Int(answer.status.code))
        }
        #expect(found == row.expected, "\(row): callers \(Self.callers)")
    }

    @Test("the table names every route the router serves (HEAD aside)")
    func complete() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let covered = Set(Self.rows.map { "\($0.method) \(Self.pattern($0.path))" })
        let served = Set(fixture.api.routeTable.routes.filter { $0.method != .head && !["/health/ready", "/metrics"].contains($0.path) }
            .map { "\($0.method) \(Self.pattern($0.path))" })
        #expect(served.subtracting(covered).isEmpty, "routes without a row: \(served.subtracting(covered).sorted())")
    }

    /// Generated from the router's own route table, so a write route added later is covered without
    /// a line here: the ministry's token on every `/v1` route but `GET` and `HEAD` (the LINE webhook
    /// outside `/v1` takes no bearer token; on the table's real
    /// parties where the table has the route, a random id elsewhere) is a 403 that names the role,
    /// answered before the route runs (its text names the method and path it refused).
    @Test("the ministry is refused every write route the router serves, with a 403 naming its role")
    func ministryWritesNothing() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let writes = fixture.api.routeTable.routes.filter { $0.method != .get && $0.method != .head && $0.path.description.hasPrefix("/v1") }
        let tabled = Dictionary(Self.rows.map { ("\($0.method) \(Self.pattern($0.path))", $0.path) }, uniquingKeysWith: { first, _ in first })
        let tabledWrites = tabled.keys.filter { !$0.hasPrefix("GET ") && $0.contains(" /v1/") }
        #expect(writes.count >= tabledWrites.count, "the route table lists \(writes.count) write routes, the matrix \(tabledWrites.count)")
        for route in writes {
            let path = Self.concrete(tabled["\(route.method) \(Self.pattern(route.path))"] ?? Self.filled(route.path), parties.ids)
            var headers: HTTPFields = [.acceptLanguage: "en"]
            if route.method == .patch || route.method == .put { headers[.ifMatch] = "*" }
            let answer = try await fixture.call.send(route.method, path, token: parties.tokens.ministry, body: Array("{}".utf8),
                                                     headers: headers)
            #expect(answer.status == .forbidden, "\(route.method) \(path): \(answer.status) \(answer.text)")
            let detail = answer.problem?.detail ?? ""
            #expect(detail.contains("role ministry reads only") && detail.contains("\(route.method) \(path)"),
                    "\(route.method) \(path): \(detail)")
        }
    }

    @Test("the ministry reads what an unscoped officer reads: its cell of every GET row is the officer's")
    func ministryReadsAsOfficer() {
        let officer = Self.callers.firstIndex(of: "officer")!, ministry = Self.callers.firstIndex(of: "ministry")!
        for row in Self.rows where row.method == .get {
            #expect(row.expected[ministry] == row.expected[officer], "\(row)")
        }
    }

    /// The table's `path` with the fixture's ids and values in place of its `{names}`.
    static func concrete(_ path: String, _ ids: Parties.IDs) -> String {
        var path = path
        for (name, id) in [("{north}", ids.northEnterprise), ("{south}", ids.southEnterprise), ("{product}", ids.northProduct),
                           ("{northProvider}", ids.northProvider), ("{southProvider}", ids.southProvider),
                           ("{northRequest}", ids.northRequest), ("{southRequest}", ids.southRequest),
                           ("{officerClient}", ids.officerClient), ("{random}", UUID())] {
            path = path.replacingOccurrences(of: name, with: id.lowercased)
        }
        for (name, value) in [("{standard}", "gmp"), ("{year}", "2570"), ("{region}", "north"), ("{otherRegion}", "south")] {
            path = path.replacingOccurrences(of: name, with: value)
        }
        return path
    }

    /// A router path with every `{name}` and `:name` as `{random}`.
    static func filled(_ path: String) -> String {
        pattern(path).replacingOccurrences(of: "{}", with: "{random}")
    }

    /// A path with every `{name}` and `:name` as `{}`.
    static func pattern(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") ? "{}" : String(segment)
        }.joined(separator: "/")
    }
}
