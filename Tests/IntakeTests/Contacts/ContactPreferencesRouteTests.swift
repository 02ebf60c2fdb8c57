import Contracts
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import IntakeService
import Logging
import Messaging
import Postgres
import Prometheus
import ServiceRuntime
import TestSupport
import Testing

/// The officer-contacts and contact-preferences routes served in process (HummingbirdTesting) over
/// intake's schema in a database of their own in the real PostgreSQL.
@Suite("Intake: officer contacts and contact preferences", .serialized)
struct ContactPreferencesRouteTests {
    private func with(_ body: @escaping @Sendable (RouteFixture, RouteClient) async throws -> Void) async throws {
        try await RouteFixture.with { fixture in try await body(fixture, fixture.call) }
    }

    /// Sends JSON text, with `If-Match: *` on a PUT or PATCH unless `ifMatch` says otherwise.
    private func send(_ client: RouteClient, _ method: HTTPRequest.Method, _ uri: String, token: String,
                      _ json: String? = nil, ifMatch: String? = "*") async throws -> RouteClient.Answer {
        var headers: HTTPFields = [:]
        if let ifMatch, method == .put || method == .patch { headers[.ifMatch] = ifMatch }
        return try await client.send(method, uri, token: token, json: json, headers: headers)
    }

    /// The `contact.upserted` events in intake's outbox, oldest first.
    private func contactEvents(_ fixture: RouteFixture) async throws -> [ContactsUpserted] {
        try await fixture.published(ContactsUpserted.self).map(\.data)
    }

    private let enterpriseBody = #"""
        {"name": "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "kind": "communityEnterprise", "provinceCode": "TH-50",
         "district": "แม่ริม", "products": [{"name": "น้ำพริกหนุ่มสมุนไพร", "productType": "food"}],
         "contacts": [{"name": "นางสมศรี ใจดี", "email": "somsri@example.org", "phone": "081-234-5678", "channels": ["email", "sms"]}]}
        """#

    @Test("An officer registers an office for a region: 201 with Location, published on otop.contacts with the region")
    func registerOfficer() async throws {
        try await with { fixture, client in
            let officer = try await fixture.token(.officer)
            let created = try await send(client, .post, "/v1/officer-contacts", token: officer, #"""
                {"name": "สำนักงานโครงการภาคเหนือ", "region": "north",
                 "contacts": [{"name": "คุณวิชัย", "email": "wichai@otop.example", "lineUserId": "U1234", "channels": ["line", "email"]}]}
                """#)
            #expect(created.status == .created)
            let id = try created.decode(ContactsView.self).partyId
            let event = try #require(try await contactEvents(fixture).last)
            #expect(event.partyId == id && event.partyKind == .officer && event.region == .north)
            #expect(event.contacts.first?.channels == [.line, .email])

            let invalid = try await send(client, .post, "/v1/officer-contacts", token: officer,
                                         #"{"name": "x", "region": "mars", "contacts": []}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(Set(invalid.pointers) == ["/region", "/contacts"])

            let path = "/v1/officer-contacts/\(id.lowercased)"
            let read = try await send(client, .get, path, token: officer)
            #expect(read.status == .ok && read.etag == created.etag && created.etag != nil)
            let change = #"""
                {"name": "สำนักงานโครงการภาคตะวันออกเฉียงเหนือ", "region": "northeast",
                 "contacts": [{"name": "คุณวิชัย", "email": "wichai@otop.example", "channels": ["email"]}]}
                """#
            #expect(try await send(client, .put, path, token: officer, change, ifMatch: nil).status == .preconditionRequired)
            #expect(try await send(client, .put, path, token: officer, change, ifMatch: "\"99\"").status == .preconditionFailed)
            let updated = try await send(client, .put, path, token: officer, change, ifMatch: created.etag)
            #expect(updated.status == .ok && updated.etag != created.etag)
            #expect(try await send(client, .put, path, token: officer, change, ifMatch: created.etag).status == .preconditionFailed,
                    "the first version is stale now")
            #expect(try await contactEvents(fixture).last?.region == .northeast)
            let unknown = try await send(client, .put, "/v1/officer-contacts/\(UUID().lowercased)", token: officer, #"""
                {"name": "x", "region": "south", "contacts": [{"name": "y", "email": "y@otop.example"}]}
                """#)
            #expect(unknown.status == .notFound)
            let enterprise = try await fixture.token(.enterprise, enterprise: UUID())
            #expect(try await send(client, .post, "/v1/officer-contacts", token: enterprise, "{}").status == .forbidden)

            // An officer scoped to the north: registers the north's offices only, sees only them.
            let north = try await fixture.token(.officer, region: .north)
            let southOffice = #"{"name": "ภาคใต้", "region": "south", "contacts": [{"name": "y", "email": "y@otop.example"}]}"#
            let refused = try await send(client, .post, "/v1/officer-contacts", token: north, southOffice)
            #expect(refused.status == .forbidden && refused.pointers == ["/region"])
            let northOffice = try await send(client, .post, "/v1/officer-contacts", token: north,
                                             #"{"name": "ภาคเหนือ", "region": "north", "contacts": [{"name": "z", "email": "z@otop.example"}]}"#)
            #expect(northOffice.status == .created)
            #expect(try await send(client, .get, path, token: north).status == .notFound, "the northeast office is not the north's")
            let all = try await send(client, .get, "/v1/officer-contacts", token: officer)
            #expect(try all.decode(Page<ContactsView>.self).items.count == 2)
            let mine = try await send(client, .get, "/v1/officer-contacts", token: north)
            #expect(try mine.decode(Page<ContactsView>.self).items.compactMap(\.region) == ["north"])
            let filtered = try await send(client, .get, "/v1/officer-contacts?region=northeast", token: officer)
            #expect(try filtered.decode(Page<ContactsView>.self).items.map(\.partyId) == [id])
        }
    }

    @Test("An enterprise changes its own preferences; the last channel cannot go (422 naming channels); a channel or person the stored record lacks is 409; others' are 404")
    func preferences() async throws {
        try await with { fixture, client in
            let officer = try await fixture.token(.officer)
            let registered = try await send(client, .post, "/v1/enterprises", token: officer, enterpriseBody)
            let id = try #require(registered.id)
            let own = try await fixture.token(.enterprise, enterprise: id)
            let path = "/v1/contacts/\(id.lowercased)/preferences"

            let body = #"{"channels": ["sms"], "language": "en", "optionalMessages": false}"#
            #expect(try await send(client, .patch, path, token: own, body, ifMatch: nil).status == .preconditionRequired)
            #expect(try await send(client, .patch, path, token: own, body, ifMatch: "\"7\"").status == .preconditionFailed)
            let current = try await send(client, .get, "/v1/contacts/\(id.lowercased)", token: own)
            let optOut = try await send(client, .patch, path, token: own, body, ifMatch: current.etag)
            #expect(optOut.status == .ok && optOut.etag != nil && optOut.etag != current.etag)
            let event = try #require(try await contactEvents(fixture).last)
            #expect(event.partyName == "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม")
            #expect(event.contacts[0].channels == [.sms])
            #expect(event.contacts[0].language == "en")
            #expect(event.contacts[0].optionalMessages == false)
            #expect(event.contacts[0].email == "somsri@example.org", "addresses stay")

            let last = try await send(client, .patch, path, token: own, #"{"channels": []}"#)
            #expect(last.status == .unprocessableContent)
            #expect(last.pointers == ["/channels"])
            let detail = last.problem?.errors?.first?.detail ?? ""
            #expect(detail.contains("proposal-to-provider"), "names the mandatory messages")
            #expect(MessageTemplate.mandatory.filter { !detail.contains($0.rawValue) } == [], "names every mandatory message")
            #expect(MessageTemplate.optional.filter { detail.contains($0.rawValue) } == [], "and no optional one")

            let noLine = try await send(client, .patch, path, token: own, #"{"channels": ["line", "sms"]}"#)
            #expect(noLine.status == .conflict, "a valid body, but the stored person has no LINE id")
            #expect(noLine.pointers == ["/channels/0"])
            let linked = try await send(client, .patch, path, token: own, #"{"channels": ["line", "sms"], "lineUserId": "Uabc123"}"#)
            #expect(linked.status == .ok)
            #expect(try await contactEvents(fixture).last?.contacts[0].channels == [.line, .sms])

            let absent = try await send(client, .patch, path, token: own, #"{"contact": 3}"#)
            #expect(absent.status == .conflict, "the party has one contact person")
            #expect(absent.pointers == ["/contact"])
            let stranger = try await fixture.token(.enterprise, enterprise: UUID())
            #expect(try await send(client, .patch, path, token: stranger, #"{"channels": ["sms"]}"#).status == .notFound)
            #expect(try await send(client, .patch, path, token: officer, #"{"channels": ["email"]}"#).status == .ok)
            #expect(try await contactEvents(fixture).count == 4, "registration, three accepted changes")
        }
    }
}
