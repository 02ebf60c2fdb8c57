import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Testing

/// `q` on the enterprises, providers and requests lists (docs/console.md, A2): Thai fragments as
/// typed (either สระอำ), references ignoring case, registration numbers and phones for officers only.
@Suite("Search: q on the three lists")
struct SearchRouteTests {
    struct World {
        var officer: String
        var operatorToken: String
        var northOfficer: String
        var maeRim: UUID
        var songkhla: UUID
        var provider: UUID
        var request: UUID
        var reference: String
        var registrationNumber: String
    }

    private func world(_ f: RouteFixture, _ client: RouteClient) async throws -> World {
        let officer = try await f.token(.officer)
        let number = Samples.registrationNumber()
        var maeRimBody = Samples.enterprise(province: "TH-50", name: "กลุ่มแม่บ้านบ้านแม่ริม", registrationNumber: number)
        maeRimBody["contacts"] = [["name": "นางสมศรี", "phone": "081-234-5678", "channels": ["sms"]]]
        let maeRim = try #require(try await client.json(.post, "/v1/enterprises", token: officer, maeRimBody).id)
        var songkhlaBody = Samples.enterprise(province: "TH-90", name: "วิสาหกิจน้ำพริกสงขลา")
        songkhlaBody["contacts"] = [["name": "นายสมชาย", "phone": "0899999999", "channels": ["sms"]]]
        let songkhla = try #require(try await client.json(.post, "/v1/enterprises", token: officer, songkhlaBody).id)
        var providerBody = Samples.provider(provinces: ["TH-50"])
        providerBody["name"] = "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้"
        providerBody["contacts"] = [["name": "ดร.วิภาวี", "phone": "+66 53 873 000", "email": "wipawee@mju.example"]]
        let provider = try #require(try await client.json(.post, "/v1/providers", token: officer, providerBody).id)
        var request = Samples.request(enterprise: maeRim)
        request["productName"] = "น้ำพริกหนุ่มสมุนไพร"
        let submitted = try await client.json(.post, "/v1/requests", token: officer, request)
        _ = try await client.json(.post, "/v1/requests", token: officer, Samples.request(enterprise: songkhla))
        return World(officer: officer, operatorToken: try await f.token(.operator), northOfficer: try await f.token(.officer, region: .north),
                     maeRim: maeRim, songkhla: songkhla, provider: provider, request: try #require(submitted.id),
                     reference: try submitted.decode(SubmittedAnswer.self).reference, registrationNumber: number)
    }

    private func ids(_ client: RouteClient, _ path: String, _ q: String, token: String) async throws -> Set<UUID> {
        let escaped = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let answer = try await client.send(.get, "\(path)?q=\(escaped)", token: token)
        #expect(answer.status == .ok, "\(path) q=\(q): \(answer.text)")
        let items = (try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        return Set(items.compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) })
    }

    @Test("names by a Thai fragment, either สระอำ, and case; references; registration numbers and phones for officers only")
    func matches() async throws {
        try await RouteFixture.with { f in
            try await f.serve { client in
                let w = try await world(f, client)
                let e = "/v1/enterprises", p = "/v1/providers", r = "/v1/requests"
                #expect(try await ids(client, e, "แม่ริม", token: w.officer) == [w.maeRim])
                #expect(try await ids(client, e, "ริม", token: w.officer) == [w.maeRim], "a 3-character fragment")
                #expect(try await ids(client, e, "น้ำพริก", token: w.officer) == [w.songkhla])
                // น้ำ typed with nikhahit + sara aa instead of สระอำ.
                #expect(try await ids(client, e, "น\u{0E49}\u{0E4D}\u{0E32}พริก", token: w.officer) == [w.songkhla])
                #expect(try await ids(client, e, "  แม่บ้าน   บ้าน ", token: w.officer).isEmpty, "spaces count as one, but must match")
                let number = w.registrationNumber
                #expect(try await ids(client, e, number, token: w.officer) == [w.maeRim])
                let dashed = "\(number.prefix(1))-\(number.dropFirst().prefix(4))-\(number.dropFirst(5).prefix(5))-\(number.suffix(3))"
                #expect(try await ids(client, e, dashed, token: w.officer) == [w.maeRim])
                #expect(try await ids(client, e, "081 234 5678", token: w.officer) == [w.maeRim])
                #expect(try await ids(client, e, "+66812345678", token: w.officer) == [w.maeRim])
                #expect(try await ids(client, e, number, token: w.operatorToken).isEmpty, "operators see numbers masked")
                #expect(try await ids(client, e, "0812345678", token: w.operatorToken).isEmpty)
                #expect(try await ids(client, e, "แม่ริม", token: w.operatorToken) == [w.maeRim])
                #expect(try await ids(client, e, "น้ำพริก", token: w.northOfficer).isEmpty, "a scoped officer's region only")

                #expect(try await ids(client, p, "แม่โจ้", token: w.officer) == [w.provider])
                #expect(try await ids(client, p, "053873000", token: w.officer) == [w.provider])
                #expect(try await ids(client, p, "053873000", token: w.operatorToken).isEmpty)

                #expect(try await ids(client, r, w.reference.lowercased(), token: w.officer) == [w.request])
                #expect(try await ids(client, r, w.reference, token: w.operatorToken) == [w.request])
                #expect(try await ids(client, r, "หนุ่มสมุน", token: w.officer) == [w.request], "the product name")
                #expect(try await ids(client, r, "แม่ริม", token: w.officer) == [w.request], "the enterprise's name")
                #expect(try await ids(client, r, "081-234-5678", token: w.officer) == [w.request])
                #expect(try await ids(client, r, w.registrationNumber, token: w.officer) == [w.request])
                #expect(try await ids(client, r, "100%", token: w.officer).isEmpty, "wildcards are text")
                let page = try await client.send(.get, "/v1/requests?q=%E0%B8%99%E0%B9%89%E0%B8%B3%E0%B8%9E%E0%B8%A3%E0%B8%B4%E0%B8%81&limit=1",
                                                 token: w.officer).decode(Page<RequestView>.self)
                #expect(page.items.count == 1)
                #expect(page.next?.contains("q=") == true, "the next page keeps q")
            }
        }
    }

    @Test("q shorter than 2 characters once trimmed, longer than 100 or with a control character is a 422 naming q",
          arguments: ["a", "   a  ", String(repeating: "ก", count: 101), "ab%00"])
    func invalid(_ q: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let escaped = q.contains("%00") ? q : q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        for path in ["/v1/enterprises", "/v1/providers", "/v1/requests"] {
            let answer = try await fixture.call.send(.get, "\(path)?q=\(escaped)", token: parties.tokens.officer)
            #expect(answer.status == .unprocessableContent, "\(path) q=\(q)")
            #expect(answer.fields == ["q"])
        }
    }
}
