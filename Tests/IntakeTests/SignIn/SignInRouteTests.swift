import Contracts
import Domain
import Foundation
import HTTPTypes
@testable import IntakeService
import Postgres
import TestSupport
import Testing

/// Sign-in with a one-time code through the portal's service client: asked for with a phone or an
/// e-mail that only selects contact persons on record, sent (sealed) through `signin.code-requested`,
/// verified once, refused when used, expired, tried a sixth time, or asked for too often; a phone
/// nobody registered is answered exactly like one on record.
@Suite("Sign-in codes")
struct SignInRouteTests {
    static let address = "203.0.113.7"

    @Test("a code asked for a phone on record goes to that contact by SMS and verifies once, naming the person")
    func issuedAndVerifiedOnce() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            let enterprise = try await fixture.enterpriseWithContact(phone: "081-234-5678")
            let asked = try await fixture.requestCode(["phone": "0812345678", "clientAddress": Self.address], portal: portal)
            #expect(asked.status == .accepted, "\(asked.text)")
            let issued = try asked.decode(IssuedCodeView.self)
            #expect(issued.channel == .sms && issued.attempts == 5)
            #expect(abs(issued.expiresAt.timeIntervalSinceNow - 600) < 30)
            let (code, event) = try #require(try await fixture.sentCode(issued.codeId))
            #expect(event.partyId == enterprise.id && event.partyKind == .enterprise && event.contactIndex == 0 && event.channel == .sms)
            #expect(code.count == 6 && code.allSatisfy(\.isNumber))
            #expect(!event.sealedCode.contains(code))
            // Nothing intake stores holds the code, the phone or the address in clear.
            let (codeText, phoneText) = ("%\(code)%", "%812345678%")
            let stored = try await fixture.pool.query("""
                SELECT (SELECT count(*) FROM intake.sign_in_codes c WHERE c::text LIKE \(codeText) OR c::text LIKE \(phoneText))
                     + (SELECT count(*) FROM intake.outbox o WHERE convert_from(o.payload, 'UTF8') LIKE \(codeText)) AS n
                """)[0].decode(Int64.self, column: "n")
            #expect(stored == 0)
            // The same search finds what the outbox does hold in clear (the code's id): it can fail.
            let idText = "%\(issued.codeId.lowercased)%"
            let found = try await fixture.pool.query("""
                SELECT count(*) AS n FROM intake.outbox o WHERE convert_from(o.payload, 'UTF8') LIKE \(idText)
                """)[0].decode(Int64.self, column: "n")
            #expect(found == 1)

            let verified = try await fixture.verifyCode(issued.codeId, code, portal: portal)
            #expect(verified.status == .ok, "\(verified.text)")
            let answer = try verified.decode(VerifiedSignInView.self)
            let identity = try #require(answer.identities.first)
            #expect(answer.identities.count == 1)
            #expect(identity.subject == "contact:\(enterprise.id.lowercased):0")
            #expect(identity.role == .enterprise && identity.enterpriseId == enterprise.id && identity.providerId == nil)
            #expect(identity.name == "นางสมศรี ใจดี" && identity.contactRole == "ประธานกลุ่ม" && identity.language == "th")
            #expect(identity.partyName == "วิสาหกิจชุมชนทดสอบ")

            let again = try await fixture.verifyCode(issued.codeId, code, portal: portal)
            #expect(again.status == .gone)
            #expect(again.problem?.currentState == "used")
        }
    }

    @Test("an e-mail selects the contact ignoring case, and the code goes to the channel asked for")
    func emailSelectsContact() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            let enterprise = try await fixture.enterpriseWithContact(phone: "081-234-5678", email: "Somsri@Example.org",
                                                                     channels: ["email"])
            let asked = try await fixture.requestCode(["email": "somsri@example.ORG", "channel": "sms", "clientAddress": "2001:db8::7"],
                                                      portal: portal)
            #expect(asked.status == .accepted, "\(asked.text)")
            let issued = try asked.decode(IssuedCodeView.self)
            let (_, event) = try #require(try await fixture.sentCode(issued.codeId))
            #expect(event.partyId == enterprise.id && event.channel == .sms)
        }
    }

    @Test("an expired code is refused, even when right")
    func expired() async throws {
        let clock = ManualClock()
        try await RouteFixture.with(clock: clock) { fixture in
            let portal = try await fixture.portalToken()
            _ = try await fixture.enterpriseWithContact()
            let (issued, code) = try await fixture.issuedCode(portal: portal)
            clock.advance(by: 600)
            let late = try await fixture.verifyCode(issued.codeId, code, portal: portal)
            #expect(late.status == .gone)
            #expect(late.problem?.currentState == "expired")
        }
    }

    @Test("five wrong codes leave no try: the sixth is refused even when it is the right one")
    func sixthTry() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            _ = try await fixture.enterpriseWithContact()
            let (issued, code) = try await fixture.issuedCode(portal: portal)
            for left in (0..<5).reversed() {
                let wrong = try await fixture.verifyCode(issued.codeId, wrongCode(code), portal: portal)
                #expect(wrong.status == .unprocessableContent)
                #expect(wrong.pointers == ["/code"])
                #expect(wrong.text.contains("\"attemptsLeft\":\(left)"), "\(wrong.text)")
            }
            let sixth = try await fixture.verifyCode(issued.codeId, code, portal: portal)
            #expect(sixth.status == .gone)
            #expect(sixth.problem?.currentState == "locked")
        }
    }

    @Test("a phone nobody registered gets the same answer as one on record, and its code never verifies")
    func unknownLikeKnown() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            _ = try await fixture.enterpriseWithContact(phone: "081-234-5678")
            let known = try await fixture.requestCode(["phone": "081-234-5678", "clientAddress": Self.address], portal: portal)
            let unknown = try await fixture.requestCode(["phone": "089-999-0000", "clientAddress": Self.address], portal: portal)
            #expect(known.status == unknown.status)
            #expect(known.keys == unknown.keys)
            let (first, second) = (try known.decode(IssuedCodeView.self), try unknown.decode(IssuedCodeView.self))
            #expect(first.channel == second.channel && first.attempts == second.attempts)
            #expect(Set(known.headers.map(\.name)) == Set(unknown.headers.map(\.name)))
            #expect(try await fixture.sentCode(second.codeId) == nil, "nothing is sent for a phone nobody registered")
            let guess = try await fixture.verifyCode(second.codeId, "000000", portal: portal)
            let wrong = try await fixture.verifyCode(first.codeId, wrongCode(try #require(try await fixture.sentCode(first.codeId)).code),
                                                     portal: portal)
            #expect(guess.status == wrong.status && guess.text.contains("\"attemptsLeft\":4"))
        }
    }

    @Test("codes are rate-limited per phone and per client address, with Retry-After, until the window passes")
    func rateLimits() async throws {
        let clock = ManualClock()
        try await RouteFixture.with(clock: clock) { fixture in
            let portal = try await fixture.portalToken()
            _ = try await fixture.enterpriseWithContact()
            for attempt in 1...5 {
                let asked = try await fixture.requestCode(["phone": "081-234-5678", "clientAddress": "198.51.100.\(attempt)"], portal: portal)
                #expect(asked.status == .accepted)
            }
            let sixth = try await fixture.requestCode(["phone": "081-234-5678", "clientAddress": "198.51.100.9"], portal: portal)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.header("Retry-After") == "3600", "\(sixth.headers)")
            // A phone nobody registered is limited the same way.
            for _ in 1...5 { _ = try await fixture.requestCode(["phone": "089-999-0000", "clientAddress": "198.51.100.20"], portal: portal) }
            #expect(try await fixture.requestCode(["phone": "089-999-0000", "clientAddress": "198.51.100.21"], portal: portal).status
                    == .tooManyRequests)
            // Per address: 30 requests, whatever the phones.
            for number in 0..<30 {
                let asked = try await fixture.requestCode(["phone": String(format: "08%08d", number), "clientAddress": Self.address],
                                                          portal: portal)
                #expect(asked.status == .accepted, "request \(number): \(asked.text)")
            }
            let crowded = try await fixture.requestCode(["phone": "086-000-1111", "clientAddress": Self.address], portal: portal)
            #expect(crowded.status == .tooManyRequests)
            clock.advance(by: 3601)
            #expect(try await fixture.requestCode(["phone": "081-234-5678", "clientAddress": Self.address], portal: portal).status
                    == .accepted)
        }
    }

    @Test("a phone shared by two parties' contacts signs in either; a contact that changed its phone is not signed in")
    func sharedAndChanged() async throws {
        try await RouteFixture.with { fixture in
            let portal = try await fixture.portalToken()
            let first = try await fixture.enterpriseWithContact(phone: "081-234-5678")
            let second = try await fixture.enterpriseWithContact(phone: "081-234-5678")
            let (issued, code) = try await fixture.issuedCode(portal: portal)
            let both = try await fixture.verifyCode(issued.codeId, code, portal: portal).decode(VerifiedSignInView.self)
            #expect(Set(both.identities.map(\.partyId)) == [first.id, second.id])

            let (next, nextCode) = try await fixture.issuedCode(portal: portal)
            for party in [first, second] {
                let contacts = try await fixture.call.send(.get, "/v1/contacts/\(party.id.lowercased)", token: party.token)
                let changed = try await fixture.call.json(.patch, "/v1/contacts/\(party.id.lowercased)", token: party.token,
                                                          ["contacts": [["name": "นางสมศรี ใจดี", "phone": "082-000-0000"]]],
                                                          contentType: "application/merge-patch+json",
                                                          headers: [.ifMatch: try #require(contacts.etag)])
                #expect(changed.status == .ok, "\(changed.text)")
            }
            let gone = try await fixture.verifyCode(next.codeId, nextCode, portal: portal)
            #expect(gone.status == .gone)
            #expect(gone.problem?.currentState == "contactChanged")
        }
    }

    @Test("the portal's own token (role portal, subject service:portal) asks for and checks codes; no other issuer or subject may")
    func portalIssuer() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let service = try await fixture.portalJWT(["role": "portal", "sub": "service:portal", "name": "OTOP portal"])
        let asked = try await fixture.requestCode(["phone": "089-000-0001", "clientAddress": Self.address], portal: service)
        #expect(asked.status == .accepted, "\(asked.text)")
        let issued = try asked.decode(IssuedCodeView.self)
        let checked = try await fixture.verifyCode(issued.codeId, "000000", portal: service)
        #expect(checked.status == .unprocessableContent, "\(checked.text)")
        #expect(try await fixture.call.send(.get, "/v1/requests", token: service).status == .forbidden)
        // Another subject of the portal issuer, and the organisations' issuer, cannot take the role.
        let account = try await fixture.portalJWT(["role": "portal"])
        let wrongSubject = try await fixture.requestCode(["phone": "089-000-0001", "clientAddress": Self.address], portal: account)
        #expect(wrongSubject.status == .unauthorized)
        #expect(wrongSubject.problem?.detail?.contains("service:portal") == true, "\(wrongSubject.text)")
        let organisations = try await fixture.jwt(["role": "portal", "sub": "service:portal"])
        let refused = try await fixture.requestCode(["phone": "089-000-0001", "clientAddress": Self.address], portal: organisations)
        #expect(refused.status == .unauthorized)
        #expect(refused.problem?.detail?.contains("enterprise, provider, officer") == true, "\(refused.text)")
    }

    @Test("only the portal's service client may call the sign-in routes, and it may call nothing else")
    func portalOnly() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let portal = try await fixture.portalToken()
        for token in [parties.tokens.operator, parties.tokens.officer, parties.tokens.northEnterprise] {
            let refused = try await fixture.requestCode(["phone": "081-234-5678", "clientAddress": Self.address], portal: token)
            #expect(refused.status == .forbidden)
        }
        var checked = 0
        for row in AuthorizationMatrixTests.rows
        where row.path.hasPrefix("/v1/") && !row.path.hasPrefix("/v1/sign-in/") && row.path != "/v1/enterprise-applications" {
            var path = row.path
            for name in ["{north}", "{south}", "{product}", "{northProvider}", "{southProvider}", "{northRequest}", "{southRequest}",
                         "{officerClient}", "{random}"] {
                path = path.replacingOccurrences(of: name, with: UUID().lowercased)
            }
            path = path.replacingOccurrences(of: "{year}", with: "2570").replacingOccurrences(of: "{region}", with: "north")
                .replacingOccurrences(of: "{otherRegion}", with: "south")
            let answer = try await fixture.call.send(row.method, path, token: portal, body: row.body ? Array("{}".utf8) : nil,
                                                     headers: row.method == .patch || row.method == .put ? [.ifMatch: "*"] : [:])
            #expect(answer.status == .forbidden, "\(row): \(answer.status)")
            checked += 1
        }
        #expect(checked > 50)
    }

    @Test("bodies are checked: one of phone and email, a known channel, an IP address, a 6-digit code")
    func validation() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let portal = try await fixture.portalToken()
        let neither = try await fixture.requestCode(["clientAddress": Self.address], portal: portal)
        #expect(neither.status == .unprocessableContent && neither.pointers == ["/phone"])
        let both = try await fixture.requestCode(["phone": "0812345678", "email": "a@b.co", "clientAddress": "::1"], portal: portal)
        #expect(both.status == .unprocessableContent && both.pointers == ["/email"])
        let bad = try await fixture.requestCode(["phone": "12345", "channel": "fax", "clientAddress": "999.1.1.1"], portal: portal)
        #expect(bad.status == .unprocessableContent)
        #expect(Set(bad.pointers) == ["/phone", "/channel", "/clientAddress"])
        let shape = try await fixture.call.json(.post, "/v1/sign-in/verifications", token: portal, ["codeId": "x", "code": "12ab56"])
        #expect(Set(shape.pointers) == ["/codeId", "/code"])
        let unknown = try await fixture.verifyCode(UUID(), "123456", portal: portal)
        #expect(unknown.status == .gone && unknown.problem?.currentState == "unknown")
    }
}
