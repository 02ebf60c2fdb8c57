import Contracts
import Domain
import Foundation
import HTTPTypes
import Testing
@testable import IntakeService

/// Updates are JSON Merge Patches guarded by ETag / If-Match, and publish the changed record.
@Suite("Updates with ETags")
struct UpdateTests {
    private func fresh(_ fixture: RouteFixture, _ parties: Parties) async throws -> (id: UUID, etag: String) {
        let answer = try await fixture.call.json(.post, "/v1/enterprises", token: parties.tokens.officer, Samples.enterprise(province: "TH-50"))
        return (try #require(answer.id), try #require(answer.etag))
    }

    @Test("PATCH with the current ETag changes the enterprise, answers a new ETag and publishes the snapshot")
    func patchEnterprise() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (id, etag) = try await fresh(fixture, parties)
        let answer = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer,
                                                 ["name": "ชื่อใหม่", "subdistrict": "ริมใต้"], contentType: "application/merge-patch+json",
                                                 headers: [.ifMatch: etag])
        #expect(answer.status == .ok)
        #expect(try answer.decode(EnterpriseView.self).name == "ชื่อใหม่")
        #expect(answer.etag != etag)
        #expect(try await fixture.outboxCount(type: "th.otop.enterprise.registered.v1", key: id.lowercased) == 2)
        // null removes an optional member (RFC 7396).
        let removed = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer,
                                                  ["subdistrict": NSNull()], headers: [.ifMatch: answer.etag!])
        #expect(removed.status == .ok)
        #expect(try removed.decode(EnterpriseView.self).subdistrict == nil)
    }

    @Test("a stale If-Match is a 412 with the current ETag; a missing one a 428; nothing changes")
    func staleAndMissing() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (id, etag) = try await fresh(fixture, parties)
        let first = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer, ["district": "สันทราย"],
                                                headers: [.ifMatch: etag])
        #expect(first.status == .ok)
        let stale = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer, ["district": "แม่ริม"],
                                                headers: [.ifMatch: etag])
        #expect(stale.status == .preconditionFailed)
        #expect(stale.headers[.eTag] == first.etag)
        let missing = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer, ["district": "แม่ริม"])
        #expect(missing.status == .preconditionRequired)
        #expect(missing.fields == ["If-Match"])
        let read = try await fixture.call.send(.get, "/v1/enterprises/\(id)", token: parties.tokens.officer)
        #expect(try read.decode(EnterpriseView.self).district == "สันทราย")
        #expect(read.etag == first.etag)
    }

    @Test("a patch is validated like a registration, and members that cannot change are named")
    func invalidPatch() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (id, etag) = try await fresh(fixture, parties)
        let invalid = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer,
                                                  ["provinceCode": "TH-99", "name": NSNull()], headers: [.ifMatch: etag])
        #expect(invalid.status == .unprocessableContent)
        #expect(invalid.fields == ["/name", "/provinceCode"])
        let fixed = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.officer,
                                                ["id": UUID().uuidString, "products": []], headers: [.ifMatch: etag])
        #expect(fixed.status == .unprocessableContent)
        #expect(fixed.fields == ["/id", "/products"])
        let scoped = try await fixture.call.json(.patch, "/v1/enterprises/\(id)", token: parties.tokens.northOfficer,
                                                 ["provinceCode": "TH-90"], headers: [.ifMatch: etag])
        #expect(scoped.status == .forbidden)
        let nested = try await fixture.call.send(.patch, "/v1/contacts/\(id)", token: parties.tokens.officer,
                                                 body: Array(#"{"contacts": [{"name": "x", "email": "a@b.co", "role": null}]}"#.utf8),
                                                 headers: [.ifMatch: "*"])
        #expect(nested.status == .unprocessableContent)
        #expect(nested.fields == ["/contacts/0/role"])
        #expect(scoped.fields == ["/provinceCode"])
    }

    @Test("products are added and patched; each has its own ETag")
    func products() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (id, _) = try await fresh(fixture, parties)
        let added = try await fixture.call.json(.post, "/v1/enterprises/\(id)/products", token: parties.tokens.officer,
                                                ["name": "ผ้าทอมือ", "productType": "textile"])
        #expect(added.status == .created)
        let location = try #require(added.headers[.location])
        let changed = try await fixture.call.json(.patch, location, token: parties.tokens.officer, ["opcStars": 4, "opcYear": 2567],
                                                  headers: [.ifMatch: try #require(added.etag)])
        #expect(changed.status == .ok)
        #expect(try changed.decode(ProductView.self).opcStars == 4)
        let stale = try await fixture.call.json(.patch, location, token: parties.tokens.officer, ["opcStars": 5],
                                                headers: [.ifMatch: added.etag!])
        #expect(stale.status == .preconditionFailed)
        // A patch valid in itself that conflicts with what is stored is a 409 (RFC 5789), not a 422.
        let conflict = try await fixture.call.json(.patch, location, token: parties.tokens.officer, ["opcStars": NSNull(), "productType": "textile"],
                                                   headers: [.ifMatch: changed.etag!])
        #expect(conflict.status == .ok)
        let needsYear = try await fixture.call.json(.patch, location, token: parties.tokens.officer, ["foodSubgroup": "processedFood"],
                                                    headers: [.ifMatch: conflict.etag!])
        #expect(needsYear.status == .conflict)
        #expect(needsYear.fields == ["/foodSubgroup"])
        let own = try await fixture.call.json(.patch, location, token: parties.tokens.officer, ["foodSubgroup": "processedFood", "productType": "beverage"],
                                              headers: [.ifMatch: conflict.etag!])
        #expect(own.status == .unprocessableContent)
        let list = try await fixture.call.send(.get, "/v1/enterprises/\(id)/products", token: parties.tokens.officer)
        #expect(try list.decode(Page<ProductView>.self).items.count == 2)
    }

    @Test("a provider changes its own profile; only an officer pre-qualifies it; ProviderRegistered replaces the profile")
    func providers() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let registered = try await fixture.call.json(.post, "/v1/providers", token: parties.tokens.officer, Samples.provider(provinces: ["TH-50"]))
        let providerID = try #require(registered.id)
        let (_, token) = try await fixture.api.clients.create(name: "patching provider", role: .provider, enterpriseID: nil,
                                                              providerID: providerID)
        let path = "/v1/providers/\(providerID)"
        let read = try await fixture.call.send(.get, path, token: token)
        let own = try await fixture.call.json(.patch, path, token: token, ["capacity": 8, "regions": ["north"]],
                                              headers: [.ifMatch: try #require(read.etag)])
        #expect(own.status == .ok)
        #expect(try own.decode(ProviderView.self).capacity == 8)
        let qualify = try await fixture.call.json(.patch, path, token: token, ["qualified": true],
                                                  headers: [.ifMatch: own.etag!])
        #expect(qualify.status == .forbidden)
        let officer = try await fixture.call.json(.patch, path, token: parties.tokens.officer, ["qualified": true],
                                                  headers: [.ifMatch: own.etag!])
        #expect(officer.status == .ok)
        #expect(try officer.decode(ProviderView.self).qualified)
        let tooMuch = try await fixture.call.json(.patch, path, token: parties.tokens.officer, ["capacity": 10_001],
                                                  headers: [.ifMatch: officer.etag!])
        #expect(tooMuch.fields == ["/capacity"])
        #expect(try await fixture.outboxCount(type: "th.otop.provider.registered.v1", key: providerID.lowercased) == 3)
    }

    @Test("contacts are replaced with a merge patch and published on otop.contacts")
    func contacts() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (id, _) = try await fresh(fixture, parties)
        let read = try await fixture.call.send(.get, "/v1/contacts/\(id)", token: parties.tokens.officer)
        let changed = try await fixture.call.json(.patch, "/v1/contacts/\(id)", token: parties.tokens.officer,
                                                  ["contacts": [["name": "นายใหม่", "lineUserId": "U123", "channels": ["line"], "language": "en"]]],
                                                  headers: [.ifMatch: try #require(read.etag)])
        #expect(changed.status == .ok)
        #expect(try changed.decode(ContactsView.self).contacts.first?.lineUserId == "U123")
        #expect(try await fixture.outboxCount(type: "th.otop.contact.upserted.v1", key: id.lowercased) == 2)
        let empty = try await fixture.call.json(.patch, "/v1/contacts/\(id)", token: parties.tokens.officer,
                                                ["contacts": [["name": "ไม่มีช่องทาง"]]], headers: [.ifMatch: changed.etag!])
        #expect(empty.fields == ["/contacts/0", "/contacts/0/channels"])
    }
}
