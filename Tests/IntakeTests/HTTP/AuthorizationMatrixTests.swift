import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Who may do what, as one table: each route (on data of the north or the south, the caller's own
/// or another's) × each caller (operator, officer, officer scoped to the north, the north and the
/// south enterprise, the north provider, nobody) → the status the API answers. Writes send a body
/// that passes authorization and fails validation (a 422 proves the caller got past the checks
/// without changing anything), or an empty merge patch with `If-Match: *`. Any changed cell fails.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// The callers, in the order of the table's columns.
    static let callers = ["operator", "officer", "northOfficer", "northEnterprise", "southEnterprise", "northProvider", "nobody"]

    /// `METHOD path body | expected status per caller`. `{north}`, `{south}` … are the fixture's ids;
    /// `{standard}` is `gmp`, `{year}` 2570, `{region}` the north and `{otherRegion}` the south; body `{}` sends an empty JSON object (with `If-Match: *` on a PATCH or PUT), `-` none.
    static let table = """
        GET    /v1/enterprises                              -  | 200 200 200 200 200 403 401
        POST   /v1/enterprises                              {} | 422 422 422 403 403 403 401
        GET    /v1/enterprises/{north}                      -  | 200 200 200 200 404 403 401
        GET    /v1/enterprises/{south}                      -  | 200 200 404 404 200 403 401
        PATCH  /v1/enterprises/{north}                      {} | 403 200 200 200 404 403 401
        PATCH  /v1/enterprises/{south}                      {} | 403 200 404 404 200 403 401
        GET    /v1/enterprises/{north}/products             -  | 200 200 200 200 404 403 401
        POST   /v1/enterprises/{north}/products             {} | 403 422 422 422 404 403 401
        POST   /v1/enterprises/{south}/products             {} | 403 422 404 404 422 403 401
        GET    /v1/enterprises/{north}/products/{product}   -  | 200 200 200 200 404 403 401
        PATCH  /v1/enterprises/{north}/products/{product}   {} | 403 200 200 200 404 403 401
        GET    /v1/providers                                -  | 200 200 200 403 403 200 401
        POST   /v1/providers                                {} | 422 422 422 403 403 403 401
        GET    /v1/providers/{northProvider}                -  | 200 200 200 403 403 200 401
        GET    /v1/providers/{southProvider}                -  | 200 200 404 403 403 404 401
        PATCH  /v1/providers/{northProvider}                {} | 403 200 200 403 403 200 401
        PATCH  /v1/providers/{southProvider}                {} | 403 200 404 403 403 404 401
        GET    /v1/contacts/{north}                         -  | 200 200 200 200 404 404 401
        GET    /v1/contacts/{south}                         -  | 200 200 404 404 200 404 401
        GET    /v1/contacts/{northProvider}                 -  | 200 200 200 404 404 200 401
        PATCH  /v1/contacts/{north}                         {} | 403 200 200 200 404 404 401
        PATCH  /v1/contacts/{south}                         {} | 403 200 404 404 200 404 401
        DELETE /v1/contacts/{random}                        -  | 404 404 404 403 403 403 401
        POST   /v1/requests                                 {} | 403 403 403 422 422 403 401
        GET    /v1/requests                                 -  | 200 200 200 200 200 403 401
        GET    /v1/requests/{northRequest}                  -  | 200 200 200 200 404 403 401
        GET    /v1/requests/{southRequest}                  -  | 200 200 404 404 200 403 401
        GET    /v1/api-clients                              -  | 200 403 403 403 403 403 401
        POST   /v1/api-clients                              {} | 422 403 403 403 403 403 401
        GET    /v1/api-clients/{officerClient}              -  | 200 403 403 403 403 403 401
        POST   /v1/api-clients/{random}/revocation          -  | 404 403 403 403 403 403 401
        POST   /v1/api-clients/{random}/rotation            -  | 404 403 403 403 403 403 401
        GET    /v1/certificates                             -  | 200 200 200 200 200 200 401
        GET    /v1/certificates/{random}                    -  | 404 404 404 404 404 404 401
        POST   /v1/certificates/{random}/steps              {} | 403 422 422 403 403 422 401
        POST   /v1/enterprises/{north}/certificates         {} | 422 422 422 422 404 403 401
        POST   /v1/enterprises/{south}/certificates         {} | 422 422 404 404 422 403 401
        POST   /v1/enterprises/{north}/certificate-steps    {} | 403 422 422 403 403 422 401
        POST   /v1/enterprises/{south}/certificate-steps    {} | 403 422 404 403 403 422 401
        GET    /v1/certificate-reports/{random}             -  | 404 404 404 404 404 404 401
        GET    /v1/kpis/certificates                        -  | 200 200 200 403 403 403 401
        GET    /v1/kpis/programme                           -  | 200 200 200 403 403 403 401
        POST   /v1/officer-contacts                         {} | 422 422 422 403 403 403 401
        GET    /v1/officer-contacts                         -  | 200 200 200 403 403 403 401
        GET    /v1/officer-contacts/{random}                -  | 404 404 404 403 403 403 401
        PUT    /v1/officer-contacts/{random}                {} | 422 422 422 403 403 403 401
        PATCH  /v1/contacts/{north}/preferences             {} | 200 200 200 200 404 404 401
        PATCH  /v1/contacts/{south}/preferences             {} | 200 200 404 404 200 404 401
        POST   /v1/imports/enterprises                      {} | 415 415 403 403 403 403 401
        POST   /v1/imports/providers                        {} | 415 415 403 403 403 403 401
        GET    /v1/proposals                                -  | 200 200 200 200 200 200 401
        GET    /v1/proposals/{random}                       -  | 404 404 404 404 404 404 401
        POST   /v1/proposals/{random}/accept                -  | 403 403 403 403 403 404 401
        POST   /v1/proposals/{random}/decline               {} | 403 403 403 403 403 404 401
        POST   /v1/proposals/{random}/confirm               -  | 403 403 403 404 404 403 401
        POST   /v1/proposals/{random}/withdrawal            {} | 403 404 404 403 403 403 401
        POST   /v1/requests/{northRequest}/screening        {} | 403 422 422 403 403 403 401
        POST   /v1/requests/{southRequest}/screening        {} | 403 422 404 403 403 403 401
        POST   /v1/requests/{northRequest}/withdrawal       {} | 403 422 422 422 404 403 401
        POST   /v1/requests/{southRequest}/withdrawal       {} | 403 422 404 404 422 403 401
        POST   /v1/requests/{northRequest}/work-report      {} | 403 403 403 403 403 404 401
        POST   /v1/requests/{northRequest}/completion       -  | 403 403 403 409 404 403 401
        POST   /v1/requests/{northRequest}/rating           {} | 403 403 403 409 404 403 401
        POST   /v1/requests/{northRequest}/assignment       {} | 403 422 422 403 403 403 401
        POST   /v1/requests/{southRequest}/assignment       {} | 403 422 404 403 403 403 401
        POST   /v1/requests/{northRequest}/assignment/withdrawal {} | 403 409 409 403 403 403 401
        GET    /v1/budgets                                  -  | 422 422 422 403 403 403 401
        GET    /v1/budgets?fiscalYear={year}                -  | 200 200 200 403 403 403 401
        GET    /v1/budgets/{year}/{region}                  -  | 404 404 404 403 403 403 401
        PUT    /v1/budgets/{year}/{region}                  {} | 403 422 422 403 403 403 401
        PUT    /v1/budgets/{year}/{otherRegion}             {} | 403 422 403 403 403 403 401
        POST   /v1/rounds                                   {} | 403 422 422 403 403 403 401
        GET    /v1/rounds/{random}                          -  | 404 404 404 403 403 403 401
        GET    /openapi.json                                -  | 200 200 200 200 200 200 200
        GET    /health/live                                 -  | 200 200 200 200 200 200 200
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
        let ids = parties.ids
        var path = row.path
        for (name, id) in [("{north}", ids.northEnterprise), ("{south}", ids.southEnterprise), ("{product}", ids.northProduct),
                           ("{northProvider}", ids.northProvider), ("{southProvider}", ids.southProvider),
                           ("{northRequest}", ids.northRequest), ("{southRequest}", ids.southRequest),
                           ("{officerClient}", ids.officerClient), ("{random}", UUID())] {
            path = path.replacingOccurrences(of: name, with: id.uuidString.lowercased())
        }
        for (name, value) in [("{standard}", "gmp"), ("{year}", "2570"), ("{region}", "north"), ("{otherRegion}", "south")] {
            path = path.replacingOccurrences(of: name, with: value)
        }
        let tokens = parties.tokens
        let byCaller: [String: String?] = [
            "operator": tokens.operator, "officer": tokens.officer, "northOfficer": tokens.northOfficer,
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

    /// A path with every `{name}` and `:name` as `{}`.
    static func pattern(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") ? "{}" : String(segment)
        }.joined(separator: "/")
    }
}
