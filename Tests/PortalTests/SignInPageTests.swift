import Foundation
import HTTPTypes
@testable import PortalService
import Postgres
import Testing

/// The sign-in, sign-out and session pages served in process on the real PostgreSQL: cookie flags,
/// CSRF on every form, slowed guessing, the audit, expiry and the language switch.
@Suite struct SignInPageTests {
    @Test func signInOpensAStrictHttpOnlySessionCookieAndAuditsIt() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                let answer = try await browser.signIn("Somchai.N", PortalFixture.password, next: "/account")
                #expect(answer.status == .seeOther)
                #expect(answer.location == "/account")
                let cookie = try #require(answer.setCookies.first { $0.hasPrefix("otop_session=") })
                #expect(cookie.contains("; HttpOnly"))
                #expect(cookie.contains("; SameSite=Strict"))
                #expect(cookie.contains("; Path=/"))
                #expect(!cookie.contains("Secure"), "a plain-HTTP page outside a trusted TLS proxy gets no Secure flag")
                #expect(!cookie.contains("Expires") && !cookie.contains("Max-Age"), "the session cookie ends with the browser")
                let page = try await browser.get("/account")
                #expect(page.status == .ok)
                #expect(page.html.contains("somchai.n"))
            }
            let audit = try await fixture.audit()
            #expect(audit.map(\.event) == ["sign-in"])
            #expect(audit.first?.account == account.id)
        }
    }

    @Test func behindATrustedProxyOverTLSTheCookieIsSecure() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                let answer = try await browser.signIn("somchai.n", PortalFixture.password, headers: [.init("X-Forwarded-Proto")!: "https"])
                let cookie = try #require(answer.setCookies.first { $0.hasPrefix("otop_session=") })
                #expect(cookie.contains("; Secure"))
            }
        }
    }

    @Test func anUntrustedClientCannotClaimTLSOrAnotherAddress() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve(["PORTAL_TRUSTED_PROXIES": "10.9.9.9"]) { browser in
                let headers: HTTPFields = [.init("X-Forwarded-Proto")!: "https", .init("X-Forwarded-For")!: "198.51.100.1"]
                let answer = try await browser.signIn("somchai.n", PortalFixture.password, headers: headers)
                let cookie = try #require(answer.setCookies.first { $0.hasPrefix("otop_session=") })
                #expect(!cookie.contains("Secure"))
            }
            let addresses = try await fixture.pool.query("SELECT address FROM portal.audit").map { try $0.decode(String?.self, column: "address") }
            #expect(addresses == ["127.0.0.1"])
        }
    }

    @Test func theSignInFormNeedsItsOwnCookieToken() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                let form = try await browser.get("/sign-in")
                let token = try #require(form.hidden("_signin"))
                // Another browser posting the token it read from someone else's page, without the cookie.
                let forged = try await browser.fresh().post("/sign-in", [("_signin", token), ("username", "somchai.n"),
                                                                        ("password", PortalFixture.password)])
                #expect(forged.status == .forbidden)
                #expect(!forged.setCookies.contains { $0.hasPrefix("otop_session=") })
            }
            #expect(try await fixture.audit().isEmpty)
        }
    }

    @Test func aFormWithoutTheSessionsTokenOrWithAnotherSessionsIsRefused() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.account("wipawee.s")
            let newPassword = "ต้มยำกุ้งน้ำข้น 2570"
            try await fixture.serve { browser in
                let other = browser.fresh()
                _ = try await browser.signIn("somchai.n", PortalFixture.password)
                _ = try await other.signIn("wipawee.s", PortalFixture.password)
                let otherToken = try #require(try await other.csrf())
                let missing = try await browser.post("/account/password", [("current", PortalFixture.password), ("password", newPassword)])
                #expect(missing.status == .forbidden)
                let foreign = try await browser.post("/account/password", [("_csrf", otherToken), ("current", PortalFixture.password),
                                                                           ("password", newPassword)])
                #expect(foreign.status == .forbidden)
                // Nothing changed: the old password still signs in.
                let check = try await browser.fresh().signIn("somchai.n", PortalFixture.password)
                #expect(check.status == .seeOther)
                let own = try #require(try await browser.csrf())
                let accepted = try await browser.post("/account/password", [("_csrf", own), ("current", PortalFixture.password),
                                                                            ("password", newPassword)])
                #expect(accepted.status == .seeOther)
                #expect(accepted.location == "/account?notice=passwordChanged")
            }
            #expect(try await fixture.audit().map(\.event) == ["sign-in", "sign-in", "sign-in", "password-changed"])
        }
    }

    @Test func wrongPasswordsAreAuditedAndTheSixthTryIsSlowedWhateverItIs() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                for attempt in 1...5 {
                    let answer = try await browser.signIn("somchai.n", "wrong guess number \(attempt)")
                    #expect(answer.status == .unauthorized, "attempt \(attempt)")
                }
                let sixth = try await browser.signIn("somchai.n", PortalFixture.password)
                #expect(sixth.status == .tooManyRequests)
                #expect(sixth.html.contains("30"))
                #expect(!sixth.setCookies.contains { $0.hasPrefix("otop_session=") })
                let unknown = try await browser.signIn("nobody.here", "wrong guess")
                #expect(unknown.status == .unauthorized)
            }
            let audit = try await fixture.audit()
            #expect(audit.map(\.event) == Array(repeating: "sign-in-failed", count: 5) + ["sign-in-slowed", "sign-in-failed"])
            #expect(audit.prefix(5).allSatisfy { $0.reason == "wrong-password" && $0.account == account.id })
            #expect(audit.last?.reason == "unknown-user" && audit.last?.account == nil)
            let texts = try await fixture.pool.query("SELECT coalesce(reason, '') || coalesce(address, '') AS text FROM portal.audit")
                .map { try $0.decode(String.self, column: "text") }
            #expect(!texts.contains { $0.contains("wrong guess") || $0.contains("nobody") }, "no password or typed user name in the audit")
        }
    }

    @Test func signOutEndsTheSessionAndItsCookieNoLongerOpensPages() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                _ = try await browser.signIn("somchai.n", PortalFixture.password)
                let kept = try #require(browser.cookies["otop_session"])
                let token = try #require(try await browser.csrf())
                let out = try await browser.post("/sign-out", [("_csrf", token)])
                #expect(out.status == .seeOther)
                #expect(out.location == "/sign-in?notice=signedOut")
                #expect(out.setCookies.contains { $0.hasPrefix("otop_session=;") && $0.contains("Max-Age=0") })
                // A copy of the old cookie is worth nothing now.
                browser.setCookie("otop_session", kept)
                let page = try await browser.get("/account")
                #expect(page.status == .seeOther)
                #expect(page.location == "/sign-in?next=%2Faccount&expired=1")
            }
            #expect(try await fixture.audit().map(\.event) == ["sign-in", "sign-out"])
        }
    }

    @Test func aFormPostedWithAnExpiredSessionGoesToSignInAndBackToItsPage() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                _ = try await browser.signIn("somchai.n", PortalFixture.password)
                let token = try #require(try await browser.csrf())
                try await fixture.pool.execute("UPDATE portal.sessions SET idle_expires_at = now() - interval '1 second'")
                let answer = try await browser.post("/account/password", [("_csrf", token), ("current", "x"), ("password", "y")],
                                                    headers: [.referer: "http://127.0.0.1/account?tab=password"])
                #expect(answer.status == .seeOther)
                #expect(answer.location == "/sign-in?next=%2Faccount%3Ftab%3Dpassword&expired=1")
                let signIn = try await browser.get(answer.location ?? "")
                #expect(signIn.html.contains("role=\"status\""), "the sign-in page says the session ended")
                #expect(signIn.hidden("next") == "/account?tab=password")
                let again = try await browser.post("/sign-in", [("_signin", signIn.hidden("_signin") ?? ""), ("next", signIn.hidden("next") ?? ""),
                                                               ("username", "somchai.n"), ("password", PortalFixture.password)])
                #expect(again.location == "/account?tab=password")
            }
        }
    }

    @Test func everyAnswerCarriesItsServerTimeAndTheSecurityHeaders() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                let signIn = try await browser.get("/sign-in")
                _ = try await browser.signIn("somchai.n", PortalFixture.password)
                let missing = try await browser.get("/no-such-page")
                let refused = try await browser.post("/account/password", [("current", "x"), ("password", "y")])
                #expect(missing.status == .notFound)
                #expect(missing.html.contains("ออกจากระบบ"), "an error page keeps the signed-in layout")
                #expect(refused.status == .forbidden)
                for page in [signIn, missing, refused] {
                    let timing = page.headers[.init("Server-Timing")!] ?? ""
                    #expect(timing.hasPrefix("total;dur="), "Server-Timing on \(page.status)")
                    #expect(Double(timing.dropFirst("total;dur=".count)).map { $0 >= 0 } == true)
                    #expect(page.headers[.init("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
                    #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
                }
            }
        }
    }

    @Test func theLanguageSwitchIsKeptOnTheSession() async throws {
        try await PortalFixture.with { fixture in
            try await fixture.account("somchai.n")
            try await fixture.serve { browser in
                _ = try await browser.signIn("somchai.n", PortalFixture.password)
                let thai = try await browser.get("/account")
                #expect(thai.html.contains("<html lang=\"th\">"))
                #expect(thai.html.contains("บัญชีของฉัน"))
                let switched = try await browser.get("/language/en?next=/account")
                #expect(switched.status == .seeOther)
                #expect(switched.location == "/account")
                let english = try await browser.get("/account")
                #expect(english.html.contains("<html lang=\"en\">"))
                #expect(english.html.contains("My account"))
            }
            let languages = try await fixture.pool.query("SELECT language FROM portal.sessions").map { try $0.decode(String.self, column: "language") }
            #expect(languages == ["en"])
        }
    }
}
