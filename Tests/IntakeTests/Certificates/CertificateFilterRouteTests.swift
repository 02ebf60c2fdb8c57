import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// Certificates for the portal's pages (docs/console.md, A13 and A14): the enterprise's name on each,
/// the region and province filters, and an enterprise page's requests and certificates by its id.
@Suite("Certificates: names, region and province")
struct CertificateFilterRouteTests {
    /// Plans a มผช. certificate of `enterprise` in `province` (as the tracker does for a request).
    func plan(_ f: RouteFixture, enterprise: UUID, province: String, at time: Date) async throws -> UUID {
        let certificate = UUID()
        try await f.deliver(CertificationPlanned(
            certificateId: certificate, requestId: UUID(), enterpriseId: enterprise, standard: .tcps, state: .planned,
            steps: StandardCatalogue.default[.tcps].steps, plannedAt: time, productId: nil, productName: "น้ำพริกหนุ่ม",
            provinceCode: province, standardNameTH: "มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)", standardNameEN: "Thai Community Product Standard"),
            time: time)
        return certificate
    }

    @Test("each certificate names its enterprise; region and provinceCode narrow the list, within a scoped officer's region")
    func namesAndFilters() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.token(.officer), north = try await f.token(.officer, region: .north)
                let operatorToken = try await f.token(.operator)
                let chiangMai = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                   Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม")).id)
                let lampang = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                 Samples.enterprise(province: "TH-52", name: "กลุ่มเซรามิกลำปาง")).id)
                let songkhla = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                  Samples.enterprise(province: "TH-90", name: "กลุ่มผ้าทอเกาะยอ")).id)
                let start = Date().addingTimeInterval(-3_600)
                let first = try await plan(f, enterprise: chiangMai, province: "TH-50", at: start)
                let second = try await plan(f, enterprise: lampang, province: "TH-52", at: start.addingTimeInterval(60))
                let third = try await plan(f, enterprise: songkhla, province: "TH-90", at: start.addingTimeInterval(120))

                let detail = try await client.send(.get, "/v1/certificates/\(first.lowercased)", token: officer).decode(CertificateView.self)
                #expect(detail.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม")
                func listed(_ query: String, _ token: String) async throws -> [UUID] {
                    let answer = try await client.send(.get, "/v1/certificates?\(query)", token: token)
                    #expect(answer.status == .ok, "\(answer.text)")
                    return try answer.decode(Page<CertificateView>.self).items.map(\.id)
                }
                let all = try await client.send(.get, "/v1/certificates", token: operatorToken).decode(Page<CertificateView>.self).items
                #expect(all.map(\.enterpriseName) == ["กลุ่มผ้าทอเกาะยอ", "กลุ่มเซรามิกลำปาง", "กลุ่มแม่บ้านบ้านแม่ริม"])
                #expect(try await listed("region=north", officer) == [second, first])
                #expect(try await listed("region=south", operatorToken) == [third])
                #expect(try await listed("provinceCode=TH-52", officer) == [second])
                #expect(try await listed("provinceCode=TH-52&region=south", officer).isEmpty, "both filters hold")
                #expect(try await listed("region=south", north).isEmpty, "a scoped officer sees only its region")
                #expect(try await listed("provinceCode=TH-50", north) == [first])

                let paged = try await client.send(.get, "/v1/certificates?region=north&limit=1", token: officer)
                    .decode(Page<CertificateView>.self)
                let next = try #require(paged.next)
                #expect(next.contains("region=north"))
                #expect(try await client.send(.get, next, token: officer).decode(Page<CertificateView>.self).items.map(\.id) == [first])

                let bad = try await client.send(.get, "/v1/certificates?region=east-ish&provinceCode=TH-99", token: officer)
                #expect(bad.status == .unprocessableContent && Set(bad.fields) == ["region", "provinceCode"], "\(bad.text)")
            }
        }
    }

    @Test("an enterprise's page reads its requests and its certificates by enterpriseId (A14)")
    func byEnterprise() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let officer = try await f.token(.officer)
                let enterprise = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                                    Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม")).id)
                let other = try #require(try await client.json(.post, "/v1/enterprises", token: officer,
                                                               Samples.enterprise(province: "TH-50", name: "กลุ่มอื่น")).id)
                let request = try #require(try await client.json(.post, "/v1/requests", token: officer,
                                                                 Samples.request(enterprise: enterprise)).id)
                _ = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: other))
                let certificate = try await plan(f, enterprise: enterprise, province: "TH-50", at: Date())
                _ = try await plan(f, enterprise: other, province: "TH-50", at: Date())
                let requests = try await client.send(.get, "/v1/requests?enterpriseId=\(enterprise.lowercased)", token: officer)
                    .decode(Page<RequestView>.self).items
                #expect(requests.map(\.id) == [request] && requests.first?.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม")
                let certificates = try await client.send(.get, "/v1/certificates?enterpriseId=\(enterprise.lowercased)", token: officer)
                    .decode(Page<CertificateView>.self).items
                #expect(certificates.map(\.id) == [certificate] && certificates.first?.enterpriseName == "กลุ่มแม่บ้านบ้านแม่ริม")
            }
        }
    }
}
