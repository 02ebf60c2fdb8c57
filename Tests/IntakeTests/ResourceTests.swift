import Contracts
import Domain
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
        let (fixture, parties) = try await RouteFixture.shared()
        let created = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, Samples.enterprise(province: "TH-57"))
        #expect(created.status == .created)
        let id = try #require(created.id)
        #expect(!created.keys.contains("enterpriseId"))
        #expect(created.headers[.location] == "/v1/enterprises/\(id.lowercased)")
        let read = try await fixture.call.send(.get, created.headers[.location]!, token: parties.tokens.officer)
        #expect(read.status == .ok)
        #expect(read.etag == created.etag)
        let enterprise = try read.decode(EnterpriseView.self)
        #expect(try enterprise.name == (created.decode(EnterpriseView.self)).name)
        #expect(enterprise.region == "north")
        #expect(!enterprise.products.isEmpty && !read.text.contains("\"productId\""), "products have an id, not a productId")

        let provider = try await fixture.call.json(.post, "/v1/providers", token: parties.tokens.officer, Samples.provider(provinces: ["TH-57"]))
        #expect(provider.status == .created)
        let location = try #require(provider.headers[.location])
        let providerRead = try await fixture.call.send(.get, location, token: parties.tokens.officer)
        #expect(providerRead.status == .ok)
        #expect(providerRead.id == provider.id)
    }

    @Test("lists page with an opaque cursor: every item once, newest first, filters kept in next")
    func paging() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var created: [UUID] = []
        for _ in 0..<5 {
            let answer = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer,
                                                     Samples.enterprise(province: "TH-96"))
            created.append(try #require(answer.id))
        }
        var seen: [UUID] = []
        var next: String? = "/v1/enterprises?provinceCode=TH-96&limit=2"
        var pages = 0
        while let page = next {
            let answer = try await fixture.call.send(.get, page, token: parties.tokens.officer)
            #expect(answer.status == .ok)
            let items = try answer.decode(Page<EnterpriseView>.self)
            #expect(items.items.count <= 2)
            seen += items.items.map(\.id)
            next = items.next
            if let next { #expect(next.contains("provinceCode=TH-96")) }
            pages += 1
        }
        #expect(pages == 3)
        #expect(seen == created.reversed())
    }

    @Test("filters: province, region, product type for enterprises; region and qualified for providers; status and fiscal year for requests")
    func filters() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let south = try await fixture.call.send(.get, "/v1/enterprises?region=south&limit=200", token: parties.tokens.officer)
        let southIDs = try south.decode(Page<EnterpriseView>.self).items.map(\.provinceCode)
        #expect(!southIDs.isEmpty && southIDs.allSatisfy { ["TH-80", "TH-81", "TH-82", "TH-83", "TH-84", "TH-85", "TH-86", "TH-90", "TH-91", "TH-92", "TH-93", "TH-94", "TH-95", "TH-96"].contains($0) })
        let herbal = try await fixture.call.send(.get, "/v1/enterprises?productType=herbal", token: parties.tokens.officer)
        #expect(try herbal.decode(Page<EnterpriseView>.self).items.isEmpty)
        let providers = try await fixture.call.send(.get, "/v1/providers?region=south", token: parties.tokens.officer)
        let providerIDs = try providers.decode(Page<ProviderView>.self).items.map(\.id)
        #expect(providerIDs.contains(parties.ids.southProvider))
        #expect(!providerIDs.contains(parties.ids.northProvider))
        let unqualified = try await fixture.call.send(.get, "/v1/providers?qualified=true", token: parties.tokens.officer)
        #expect(unqualified.status == .ok)
        let submitted = try await fixture.call.json(.post, "/v1/requests", token: parties.tokens.northEnterprise, Samples.request())
        #expect(submitted.status == .accepted)
        let year = try await fixture.call.send(.get, "/v1/requests?status=submitted&fiscalYear=2500", token: parties.tokens.officer)
        #expect(try year.decode(Page<RequestView>.self).items.isEmpty)
        let mine = try await fixture.call.send(.get, "/v1/requests?status=submitted", token: parties.tokens.northEnterprise)
        let mineIDs = try mine.decode(Page<RequestView>.self).items.map(\.id)
        #expect(try mineIDs.contains(#require(submitted.id)))
    }

    @Test("API clients are listed and read without secrets")
    func clients() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let list = try await fixture.call.send(.get, "/v1/api-clients?role=officer", token: parties.tokens.operator)
        #expect(list.status == .ok)
        let items = try list.decode(Page<ClientView>.self).items
        #expect(items.allSatisfy { $0.role == "officer" })
        #expect(!list.text.contains("\"token\"") && !list.text.contains("tokenHash"), "no token or its hash")
        #expect(items.contains { $0.region == "north" })
        let one = try await fixture.call.send(.get, "/v1/api-clients/\(parties.ids.officerClient)", token: parties.tokens.operator)
        #expect(one.status == .ok)
        #expect(try one.decode(ClientView.self).credential == "apiKey")
        #expect(!one.text.contains("otop_"))
    }

    @Test("personal data is shown to officers and the party itself, masked for operators and the ministry")
    func masking() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let north = parties.ids.northEnterprise
        let asOfficer = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: parties.tokens.officer)
        let asSelf = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: parties.tokens.northEnterprise)
        let asOperator = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: parties.tokens.operator)
        func first(_ answer: RouteClient.Answer) throws -> ContactPerson? { try answer.decode(ContactsView.self).contacts.first }
        #expect(try first(asOfficer)?.phone == "+66812345678")
        #expect(try first(asSelf)?.email == "somsri@example.org")
        #expect(try first(asOperator)?.phone == "+66*****5678")
        #expect(try first(asOperator)?.email == "s*****@example.org")
        #expect(try asOperator.decode(ContactsView.self).masked)
        let enterprise = try await fixture.call.send(.get, "/v1/enterprises/\(north)", token: parties.tokens.operator)
        #expect(try enterprise.decode(EnterpriseView.self).registrationNumber == "*********0121")
        let asMinistry = try await fixture.call.send(.get, "/v1/contacts/\(north)", token: parties.tokens.ministry)
        #expect(try first(asMinistry)?.phone == "+66*****5678")
        #expect(try asMinistry.decode(ContactsView.self).masked)
        let forMinistry = try await fixture.call.send(.get, "/v1/enterprises/\(north)", token: parties.tokens.ministry)
        #expect(try forMinistry.decode(EnterpriseView.self).registrationNumber == "*********0121")
        let own = try await fixture.call.send(.get, "/v1/enterprises/\(north)", token: parties.tokens.northEnterprise)
        #expect(try own.decode(EnterpriseView.self).registrationNumber == "1234567890121")
    }

    @Test("a held certificate in the registration body is stored and published to certification")
    func heldCertificates() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        var body = Samples.enterprise(province: "TH-50")
        body["heldCertificates"] = [["standard": "tcps", "productName": "น้ำพริกหนุ่ม", "number": "มผช. 123/2566",
                                     "validFrom": "2023-05-01", "validUntil": "2026-04-30"],
                                    ["standard": "gmp", "number": "GMP-1", "validFrom": "2024-01-01", "validUntil": "2027-01-01"]]
        let answer = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, body)
        #expect(answer.status == .created, "\(answer.text)")
        let id = try #require(answer.id).lowercased
        #expect(try await fixture.outboxCount(type: "th.otop.certification.held-registered.v1", key: id) == 2)
        body["heldCertificates"] = [["standard": "iso", "number": "x", "validFrom": "2023-02-30"]]
        let bad = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, body)
        #expect(bad.status == .unprocessableContent)
        #expect(bad.fields == ["/heldCertificates/0/standard", "/heldCertificates/0/validFrom"])
    }
}
