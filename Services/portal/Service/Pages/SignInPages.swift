import Foundation
import Hummingbird

/// Sign-in, sign-out and the language switch. Sign-in is slowed per account and per address
/// (``SignInThrottle``) and audited (``SignInAudit``); a wrong user name costs the same time as a
/// wrong password; the form has its own CSRF token (a double-submit cookie: no session exists yet).
struct SignInPages: Sendable {
    let portal: Portal

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.get("/sign-in", use: form)
        router.post("/sign-in", use: signIn)
        router.post("/sign-out", use: signOut)
        router.get("/language/:language", use: language)
    }

    /// Only a path on this site (no `//host`), else the home page.
    static func safeNext(_ value: String?) -> String {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"), !value.hasPrefix("/sign-") else { return "/" }
        return value
    }

    @Sendable func form(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let next = Self.safeNext(query["next"].map(String.init))
        if context.session != nil { return portal.redirect(next) }
        // A contact person's link (`/my/...`) opens the code tab; officers' pages the password tab.
        let contact = query["tab"].map { $0 == "contact" } ?? next.hasPrefix("/my")
        return await page(request, context, next: next, expired: query["expired"] != nil, message: nil, username: nil,
                          contact: contact ? CodeSignInPages.formValues(identifier: nil, channel: nil, context.language) : nil)
    }

    /// The sign-in page: the contact persons' code tab when `contact` holds its values, else the password tab.
    func page(_ request: Request, _ context: PortalRequestContext, next: String, expired: Bool, message: String?,
              username: String?, contact: [String: Any]? = nil, status: HTTPResponse.Status = .ok) async -> Response {
        let token = SessionToken.random()
        var values: [String: Any] = ["next": next, "nextQuery": IntakeClient.escape(next), "signInToken": token]
        if let contact { values.merge(contact) { _, new in new }; values["tabContact"] = true }
        if expired { values["expired"] = true }
        if let message { values["error"] = message }
        if let username { values["username"] = username }
        var response = await portal.render(Page(template: "sign-in", title: "signInTitle", values: values, status: status), request, context)
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.signInName, token, context: context)))
        return response
    }

    @Sendable func signIn(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: 64 * 1024)
        let labels = Labels.table(context.language)
        let next = Self.safeNext(form["next"])
        guard let posted = form["_signin"], let cookie = request.cookies[SessionCookie.signInName]?.value,
              SessionToken.equal(posted, cookie) else {
            throw HTTPError(.forbidden, message: "csrf")
        }
        let username = form.text("username") ?? ""
        let password = form["password"] ?? ""
        let address = context.address
        if let until = try await portal.throttle.blockedUntil(username: username, address: address) {
            let account = try await portal.accounts.account(username: username)
            try await portal.audit.record(.signInSlowed, account: account?.id, address: address, reason: "throttled")
            let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
            return await page(request, context, next: next, expired: false,
                              message: (labels["signInSlowed"] ?? "").replacingOccurrences(of: "{seconds}", with: Format.number(seconds)),
                              username: username, status: .tooManyRequests)
        }
        let found = try await portal.accounts.credentials(username: username)
        let hash: String
        if let found { hash = found.hash } else { hash = try await portal.accounts.hasher.decoy() }
        let matches = try await portal.accounts.hasher.verify(password, against: hash)
        guard let found, matches, found.account.disabledAt == nil else {
            try await portal.throttle.recordFailure(username: username, address: address)
            let reason = found == nil ? "unknown-user" : found!.account.disabledAt != nil && matches ? "disabled" : "wrong-password"
            try await portal.audit.record(.signInFailed, account: found?.account.id, address: address, reason: reason)
            return await page(request, context, next: next, expired: false, message: labels["signInFailed"], username: username,
                              status: .unauthorized)
        }
        try await portal.throttle.recordSuccess(username: username)
        let (session, token) = try await portal.sessions.open(for: found.account, language: context.language,
                                                              userAgent: request.headers[.userAgent])
        try await portal.audit.record(.signIn, account: found.account.id, session: session.id, address: address)
        let target = found.account.mustChangePassword ? "/account?notice=mustChange" : next
        var response = Response(status: .seeOther, headers: [.location: target])
        response.headers.append(.init(name: .setCookie, value: portal.cookies.set(token, context: context)))
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.signInName, "", context: context, maxAge: 0)))
        return response
    }

    @Sendable func signOut(_ request: Request, context: PortalRequestContext) async throws -> Response {
        var response = portal.redirect("/sign-in", notice: "signedOut")
        if let session = context.session {
            let form = try await Form.read(request, context: context, limit: 64 * 1024)
            try CSRF.check(form, session: session)
            if try await portal.sessions.end(session.id) {
                try await portal.audit.record(.signOut, principal: session.principal, session: session.id, address: context.address)
            }
            portal.signer.forget(session.id)
            portal.queues.forget(session.id)
        }
        response.headers.append(.init(name: .setCookie, value: portal.cookies.clear(context: context)))
        return response
    }

    /// The English switch (a link, no JavaScript): the session's language, or a cookie before sign-in.
    @Sendable func language(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard let language = context.parameters.get("language").flatMap(Language.init(rawValue:)) else { throw HTTPError(.notFound) }
        if let session = context.session { try await portal.sessions.setLanguage(session.id, language) }
        var response = portal.redirect(Self.safeNext(request.uri.queryParameters["next"].map(String.init)))
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.languageName, language.rawValue, context: context,
                                                                                       maxAge: 365 * 86400, strict: false)))
        return response
    }
}
