import Foundation
import HTTPTypes
import JWTKit
@testable import PortalService
import Postgres
import Testing

/// Contact persons' sessions (issue 15) on the real PostgreSQL and in the pages served in process:
/// the principal a cookie finds, "remember this phone", the person's own list of sessions, the JWT
/// claims the portal signs for them, and where their pages and the officers' pages send them.
@Suite struct ContactSessionTests {
    static let provider = ContactPrincipal(party: .provider, partyID: UUID(), contactIndex: 1, name: "อ.สมศรี ใจดี",
                                           partyName: "มหาวิทยาลัยเชียงใหม่")

    func store(_ pool: PostgresPool) -> SessionStore {
        SessionStore(pool: pool, idle: .seconds(30 * 60), absolute: .seconds(12 * 3600))
    }

    @Test func aContactSessionIsFoundWithItsPersonAndNoAccount() async throws {
        try await PortalFixture.with { fixture in
            let (opened, token) = try await store(fixture.pool).open(.contact(Self.provider), language: .th, userAgent: "test")
            guard case .active(let found) = try await store(fixture.pool).find(token: token) else {
                Issue.record("the contact session should be active")
                return
            }
            #expect(found.id == opened.id)
            #expect(found.contact == Self.provider)
            #expect(found.account == nil)
            #expect(found.contact?.subject == "contact:\(Self.provider.partyID.uuidString.lowercased()):1")
        }
    }

    @Test func rememberingThePhoneKeepsTheSessionThirtyDaysHoweverIdle() async throws {
        try await PortalFixture.with { fixture in
            let sessions = store(fixture.pool)
            let start = Date()
            let (_, kept) = try await sessions.open(.contact(Self.provider), language: .th, userAgent: nil, remember: true, now: start)
            let (_, plain) = try await sessions.open(.contact(Self.provider), language: .th, userAgent: nil, now: start)
            let twentyDays = start.addingTimeInterval(20 * 86400)
            if case .active = try await sessions.find(token: kept, now: twentyDays) {} else {
                Issue.record("a remembered session should last 20 idle days")
            }
            #expect(try await sessions.find(token: plain, now: start.addingTimeInterval(31 * 60)) != .unknown)
            if case .active = try await sessions.find(token: plain, now: start.addingTimeInterval(31 * 60)) {
                Issue.record("a session not remembered should end after 30 idle minutes")
            }
            if case .active = try await sessions.find(token: kept, now: start.addingTimeInterval(31 * 86400)) {
                Issue.record("a remembered session should end at 30 days")
            }
        }
    }

    @Test func aPersonListsAndEndsOnlyTheirOwnSessions() async throws {
        try await PortalFixture.with { fixture in
            let sessions = store(fixture.pool)
            var colleague = Self.provider
            colleague.contactIndex = 0
            let (mine, _) = try await sessions.open(.contact(Self.provider), language: .th, userAgent: "phone", remember: true)
            let (theirs, _) = try await sessions.open(.contact(colleague), language: .th, userAgent: "desk")
            let listed = try await sessions.open(of: Self.provider)
            #expect(listed.map(\.id) == [mine.id])
            #expect(listed.first?.remembered == true)
            #expect(try await sessions.end(theirs.id, of: Self.provider) == false, "another person's session is not in my list")
            #expect(try await sessions.end(mine.id, of: Self.provider))
            #expect(try await sessions.open(of: Self.provider).isEmpty)
            #expect(try await sessions.open(of: colleague).map(\.id) == [theirs.id])
        }
    }

    @Test func theJWTOfAContactNamesTheSubjectRoleAndParty() async throws {
        try await PortalFixture.with { fixture in
            let settings = try fixture.configuration().token
            let session = Session(id: UUID(), principal: .contact(Self.provider), csrfToken: "x", language: .th, createdAt: Date(),
                                  idleExpiresAt: Date(), absoluteExpiresAt: Date())
            let claims = PortalClaims(session: session, settings: settings, now: Date())
            #expect(claims.sub.value == Self.provider.subject)
            #expect(claims.role == "provider")
            #expect(claims.providerID == Self.provider.partyID.uuidString.lowercased())
            #expect(claims.enterpriseID == nil && claims.region == nil)
            let encoded = String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
            #expect(encoded.contains("\"provider_id\""))
            let service = PortalClaims(service: settings, now: Date())
            #expect(service.sub.value == "service:portal" && service.role == "portal")
        }
    }

    @Test func aContactGoesHomeToMyAndIsRefusedTheOfficersPages() async throws {
        try await PortalFixture.with { fixture in
            let (_, token) = try await store(fixture.pool).open(.contact(Self.provider), language: .en, userAgent: nil)
            try await fixture.serve { browser in
                browser.setCookie(SessionCookie.name, token)
                #expect(try await browser.get("/").location == "/my")
                #expect(try await browser.get("/queues").status == .forbidden)
                #expect(try await browser.get("/account").status == .forbidden)
                let sessions = try await browser.get("/my/sessions")
                #expect(sessions.status == .ok)
                #expect(sessions.html.contains(Self.provider.name))
            }
        }
    }

    @Test func aMessageLinkWithoutASessionSignsInOnTheCodeTabAndComesBack() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.serve { browser in
                let link = try await browser.get("/my/proposals/0b4e9c0e-57a4-4e5c-9d0a-3f1a2b3c4d5e")
                #expect(link.status == .seeOther)
                let location = try #require(link.location)
                #expect(location.hasPrefix("/sign-in?next=%2Fmy%2Fproposals%2F0b4e9c0e"))
                let page = try await browser.get(location)
                #expect(page.html.contains("action=\"/sign-in/codes\""))
                #expect(page.hidden("next") == "/my/proposals/0b4e9c0e-57a4-4e5c-9d0a-3f1a2b3c4d5e")
                #expect(SignInPages.safeNext("//evil.example/my") == "/")
                #expect(try await browser.get("/sign-in?next=/queues").html.contains("action=\"/sign-in\""), "officers' links keep the password tab")
            }
        }
    }
}
