import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Every resource that can be created can be read back and listed, with ids named `id`, filters,
/// an opaque cursor, and personal data masked for roles that do not need it.
@Suite("Resources: read, list, page, mask")
struct ResourceTests {
    @Test("POST answers the resource as GET does (id, not enterpriseId), with Location and ETag")
    func createdEqualsRead() async throws {
        let fixture = try await IntakeFixture.shared()
        let created = try await fixture.call.json(.post, "/v1/enterprises", token: fixture.tokens.officer, Samples.enterprise(province: "TH-57"))
        #expect(created.status == .created)
        let id = try #require(created.id)
        #expect(created.object?["enterpriseId"] == nil)
        #expect(created.headers[.location] == "/v1/enterprises/\(id.uuidString.lowercased())")
        let read = try await fixture.call.send(.get, created.headers[.location]!, token: fixture.tokens.officer)
        #expect(read.status == .ok)
        #expect(read.etag == created.etag)
        #expect(read.object?["name"] as? String == created.object?["name"] as? String)
        #expect(read.object?["region"] as? String == "north")
        let products = try #require(read.object?["products"] as? [[String: Any]])
        #expect(products.first?["id"] != nil && products.first?["productId"] == nil)

        let provider = try await fixture.call.json(.post, "/v1/providers", token: fixture.tokens.officer, Samples.provider(provinces: ["TH-57"]))
        #expect(provider.status == .created)
        let location = try #require(provider.headers[.location])
        let providerRead = try await fixture.call.send(.get, location, token: fixture.tokens.officer)
        #expect(providerRead.status == .ok)
        #expect(providerRead.id == provider.id)
    }

    @Test("lists page with an opaque cursor: every item once, newest first, filters kept in next")
    func paging() async throws {
        let fixture = try await IntakeFixture.shared()
        var created: [UUID] = []
        for _ in 0..<5 {
            let answer = try await fixture.call.json(.post, "/v1/enterprises", token: fixture.tokens.officer,
                                                     Samples.enterprise(province: "TH-96"))
            created.append(try #require(answer.id))
        }
        var seen: [UUID] = []
        var next: String? = "/v1/enterprises?provinceCode=TH-96&limit=2"
        var pages = 0
        while let page = next {
            let answer = try await fixture.call.send(.get, page, token: fixture.tokens.officer)
            #expect(answer.status == .ok)
            let items = try #require(answer.object?["items"] as? [[String: Any]])
            #expect(items.count <= 2)
            seen += items.compactMap { ($0["id"] as? String).flatMap(UUID.init(uuidString:)) }
            next = answer.object?["next"] as? String
            if let next { #expect(next.contains("provinceCode=TH-96")) }
            pages += 1
        }
        #expect(pages == 3)
        #expect(seen == created.reversed())
    }

    @Test("filters: province, region, product type for enterprises; region and qualified for providers; status and fiscal year for requests")
    func filters() async throws {
        let fixture = try await IntakeFixture.shared()
        let south = try await fixture.call.send(.get, "/v1/enterprises?region=south&limit=200", token: fixture.tokens.officer)
        let southIDs = (south.object?["items"] as? [[String: Any]] ?? []).compactMap { $0["provinceCode"] as? String }
        #expect(!southIDs.isEmpty && southIDs.allSatisfy { ["TH-80", "TH-81", "TH-82", "TH-83", "TH-84", "TH-85", "TH-86", "TH-90", "TH-91", "TH-92", "TH-93", "TH-94", "TH-95", "TH-96"].contains($0) })
        let herbal = try await fixture.call.send(.get, "/v1/enterprises?productType=herbal", token: fixture.tokens.officer)
        #expect((herbal.object?["items"] as? [Any])?.isEmpty == true)
        let providers = try await fixture.call.send(.get, "/v1/providers?region=south", token: fixture.tokens.officer)
        let providerIDs = (providers.object?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(providerIDs.contains(fixture.ids.southProvider.uuidString.lowercased()))
        #expect(!providerIDs.contains(fixture.ids.northProvider.uuidString.lowercased()))
        let unqualified = try await fixture.call.send(.get, "/v1/providers?qualified=true", token: fixture.tokens.officer)
        #expect(unqualified.status == .ok)
        let submitted = try await fixture.call.json(.post, "/v1/requests", token: fixture.tokens.northEnterprise, Samples.request())
        #expect(submitted.status == .accepted)
        let year = try await fixture.call.send(.get, "/v1/requests?status=submitted&fiscalYear=2500", token: fixture.tokens.officer)
        #expect((year.object?["items"] as? [Any])?.isEmpty == true)
        let mine = try await fixture.call.send(.get, "/v1/requests?status=submitted", token: fixture.tokens.northEnterprise)
        let mineIDs = (mine.object?["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(mineIDs.contains(submitted.id!.uuidString.lowercased()))
    }

    @Test("API clients are listed and read without secrets")
    func clients() async throws {
        let fixture = try await IntakeFixture.shared()
        let list = try await fixture.call.send(.get, "/v1/api-clients?role=officer", token: fixture.tokens.operator)
        #expect(list.status == .ok)
        let items = try #require(list.object?["items"] as? [[String: Any]])
        #expect(items.allSatisfy { $0["role"] as? String == "officer" && $0["token"] == nil && $0["tokenHash"] == nil })
        #expect(items.contains { $0["region"] as? String == "north" })
        let one = try await fixture.call.send(.get, "/v1/api-clients/\(fixture.ids.officerClient)", token: fixture.tokens.operator)
        #expect(one.status == .ok)
        #expect(one.object?["credential"] as? String == "apiKey")
        #expect(!one.text.contains("otop_"))
    }

    @Test("personal data is shown to officers and the party itself, masked for operators")
    func masking() async throws {
        let fixture = try await IntakeFixture.shared()
        let north = fixture.ids.northEnterprise
        let asOfficer = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: fixture.tokens.officer)
        let asSelf = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: fixture.tokens.northEnterprise)
        let asOperator = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: fixture.tokens.operator)
        func first(_ answer: Caller.Answer) -> [String: Any] { (answer.object?["contacts"] as? [[String: Any]])?.first ?? [:] }
        #expect(first(asOfficer)["phone"] as? String == "+66812345678")
        #expect(first(asSelf)["email"] as? String == "somsri@example.org")
        #expect(first(asOperator)["phone"] as? String == "+66*****5678")
        #expect(first(asOperator)["email"] as? String == "s*****@example.org")
        #expect(asOperator.object?["masked"] as? Bool == true)
        let enterprise = try await fixture.call.send(.get, "/v1/enterprises/\(north)", token: fixture.tokens.operator)
        #expect(enterprise.object?["registrationNumber"] as? String == "*********0121")
        let own = try await fixture.call.send(.get, "/v1/enterprises/\(north)", token: fixture.tokens.northEnterprise)
        #expect(own.object?["registrationNumber"] as? String == "1234567890121")
    }

    @Test("a held certificate in the registration body is stored and published to certification")
    func heldCertificates() async throws {
        let fixture = try await IntakeFixture.shared()
        var body = Samples.enterprise(province: "TH-50")
        body["heldCertificates"] = [["standard": "tcps", "productName": "น้ำพริกหนุ่ม", "number": "มผช. 123/2566",
                                     "validFrom": "2023-05-01", "validUntil": "2026-04-30"],
                                    ["standard": "gmp", "number": "GMP-1", "validFrom": "2024-01-01", "validUntil": "2027-01-01"]]
        let answer = try await fixture.call.json(.post, "/v1/enterprises", token: fixture.tokens.officer, body)
        #expect(answer.status == .created, "\(answer.text)")
        let id = try #require(answer.id).uuidString.lowercased()
        #expect(try await fixture.outboxCount(type: "th.otop.certification.held-registered.v1", key: id) == 2)
        body["heldCertificates"] = [["standard": "iso", "number": "x", "validFrom": "2023-02-30"]]
        let bad = try await fixture.call.json(.post, "/v1/enterprises", token: fixture.tokens.officer, body)
        #expect(bad.status == .unprocessableContent)
        #expect(bad.fields == ["/heldCertificates/0/standard", "/heldCertificates/0/validFrom"])
    }
}
