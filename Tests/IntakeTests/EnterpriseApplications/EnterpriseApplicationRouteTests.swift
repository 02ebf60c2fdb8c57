import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import TestSupport
import Testing

/// Self-registration through the portal's service client: the enterprise is registered unverified
/// with its one product and contact person (reached by SMS), counts in its region's screening queue
/// and its list, not in another region's; a bad application names its fields; applications are
/// rate-limited per client address.
@Suite("Enterprise applications")
struct EnterpriseApplicationRouteTests {
    static func application(province: String = "TH-50", phone: String? = "081-555-0101", address: String = "203.0.113.40") -> [String: Any] {
        var contact: [String: Any] = ["name": "นายสมชาย ใจงาม", "role": "ประธานกลุ่ม", "email": "typed@example.org", "lineUserId": "U123"]
        if let phone { contact["phone"] = phone }
        return ["name": "วิสาหกิจชุมชนสมัครเอง", "registrationNumber": Samples.registrationNumber(), "provinceCode": province,
                "district": "เมือง", "product": ["name": "ข้าวแต๋นน้ำแตงโม", "productType": "food", "foodSubgroup": "processedFood"],
                "contact": contact, "clientAddress": address]
    }

    @Test("an application registers the enterprise unverified, in its own region's screening queue and list only")
    func unverifiedInItsRegionsQueue() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            let applied = try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal, Self.application())
            #expect(applied.status == .created, "\(applied.text)")
            let id = try #require(applied.id)
            #expect(applied.header("Location") == "/v1/enterprises/\(id.lowercased)")

            let north = try await fixture.token(.officer, region: .north), south = try await fixture.token(.officer, region: .south)
            let enterprise = try await fixture.call.send(.get, "/v1/enterprises/\(id.lowercased)", token: north).decode(EnterpriseView.self)
            #expect(!enterprise.verified && enterprise.name == "วิสาหกิจชุมชนสมัครเอง" && enterprise.products.count == 1)
            let contacts = try await fixture.call.send(.get, "/v1/contacts/\(id.lowercased)", token: north)
            #expect(contacts.status == .ok && contacts.text.contains("+66815550101") && contacts.text.contains("\"sms\""), "\(contacts.text)")
            // What an unknown person typed as an e-mail or LINE id is not taken.
            #expect(!contacts.text.contains("typed@example.org") && !contacts.text.contains("U123"))

            for (token, count) in [(north, 1), (south, 0)] {
                let queues = try await fixture.call.send(.get, "/v1/queues", token: token).decode(QueueCounts.self)
                #expect(queues.counts.unverifiedEnterprises == count)
                let list = try await fixture.call.send(.get, "/v1/enterprises?verified=false", token: token)
                #expect(list.status == .ok)
                #expect(list.text.contains(id.lowercased) == (count == 1))
            }
            // Enterprises an officer registered are verified, and not in the queue's list.
            let officerMade = try await fixture.call.json(.post, "/v1/enterprises", token: north, Samples.enterprise(province: "TH-50"))
            let verified = try await fixture.call.send(.get, "/v1/enterprises?verified=true", token: north)
            #expect(verified.text.contains(try #require(officerMade.id).lowercased) && !verified.text.contains(id.lowercased))
            let bad = try await fixture.call.send(.get, "/v1/enterprises?verified=maybe", token: north)
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("a bad application names each field and registers nothing")
    func validation() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            var body = Self.application(phone: nil)
            body["provinceCode"] = "TH-99"
            body["product"] = nil
            let refused = try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal, body)
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(Set(refused.pointers) == ["/provinceCode", "/product", "/contact/phone"], "\(refused.pointers)")
            let officer = try await fixture.token(.officer)
            let list = try await fixture.call.send(.get, "/v1/enterprises?verified=false", token: officer)
            #expect(!list.text.contains("วิสาหกิจชุมชนสมัครเอง"))
        }
    }

    @Test("applications are rate-limited per client address, with Retry-After, until the window passes")
    func rateLimited() async throws {
        let clock = ManualClock()
        try await RouteFixture.with(clock: clock) { fixture in
            let portal = try await fixture.portalToken()
            for attempt in 0..<RouteFixture.signIn.perAddress.count {
                let applied = try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal, Self.application())
                #expect(applied.status == .created, "application \(attempt): \(applied.text)")
            }
            let crowded = try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal, Self.application())
            #expect(crowded.status == .tooManyRequests)
            #expect(crowded.header("Retry-After") == "3600")
            let elsewhere = try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal,
                                                        Self.application(address: "2001:db8::7"))
            #expect(elsewhere.status == .created)
            clock.advance(by: 3601)
            #expect(try await fixture.call.json(.post, "/v1/enterprise-applications", token: portal, Self.application()).status == .created)
        }
    }
}
