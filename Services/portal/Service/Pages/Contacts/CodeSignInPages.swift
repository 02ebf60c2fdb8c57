import Domain
import Foundation
import Hummingbird

/// Contact persons' sign-in with a one-time code (issue 15): the person types a phone or an e-mail
/// (the sign-in page's contact tab), the portal asks intake for a code as itself (role `portal`), the
/// code arrives on a channel already on record, the person types its 6 digits on
/// `/sign-in/codes/{codeId}` (the code message's link opens it), and the identity intake answers
/// becomes the session's principal. Forms carry the sign-in page's double-submit token (no session
/// yet); audit rows name the code's id and the person's subject, never a phone, an e-mail or a code.
struct CodeSignInPages: Sendable {
    let portal: Portal
    /// The cookie that holds a pending choice between identities.
    static let choiceCookie = "otop_choice"

    func addRoutes(to router: Router<PortalRequestContext>) {
        router.post("/sign-in/codes", use: requestCode)
        router.get("/sign-in/codes/:codeId", use: codeForm)
        router.post("/sign-in/codes/:codeId", use: verify)
        router.post("/sign-in/choice", use: choose)
    }

    /// The contact tab's values: what was typed and the channel choice (`""`: as typed).
    static func formValues(identifier: String?, channel: String?, _ language: Language) -> [String: Any] {
        let t = Labels.table(language)
        let chosen = channel ?? ""
        let channels = [("", t["channelAsTyped"]!), ("sms", t["channelSMS"]!), ("email", t["channelEmail"]!), ("line", t["channelLINE"]!)]
        return ["identifier": identifier ?? "",
                "channels": channels.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == chosen] as [String: Any] }]
    }

    /// The sign-in page's double-submit token matches its cookie (else 403, as the password form).
    func checkToken(_ form: Form, _ request: Request) throws {
        guard let posted = form["_signin"], let cookie = request.cookies[SessionCookie.signInName]?.value,
              SessionToken.equal(posted, cookie) else {
            throw HTTPError(.forbidden, message: "csrf")
        }
    }

    @Sendable func requestCode(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: 16 * 1024)
        try checkToken(form, request)
        let t = Labels.table(context.language)
        let next = SignInPages.safeNext(form["next"])
        let identifier = form.text("identifier") ?? ""
        let channel = form.text("channel").flatMap { ["sms", "email", "line"].contains($0) ? $0 : nil }
        let isEmail = identifier.contains("@")
        let body = IntakeSignIn.CodeRequest(phone: isEmail ? nil : identifier, email: isEmail ? identifier : nil, channel: channel,
                                            clientAddress: context.address)
        func again(_ message: String?, _ status: HTTPResponse.Status) async -> Response {
            await SignInPages(portal: portal).page(request, context, next: next, expired: false, message: message, username: nil,
                                                   contact: Self.formValues(identifier: identifier, channel: channel, context.language),
                                                   status: status)
        }
        do {
            let sent = try await portal.intake.sendAsPortal("/v1/sign-in/codes", json: body, language: context.language).decode(IntakeSignIn.CodeSent.self)
            try await portal.audit.record(.codeRequested, subject: nil, code: sent.codeId, address: context.address)
            return portal.redirect("/sign-in/codes/\(sent.codeId.lowercased)?sent=\(sent.channel)&next=\(IntakeClient.escape(next))")
        } catch let problem as IntakeProblem where problem.status == 429 {
            try await portal.audit.record(.codeRefused, subject: nil, address: context.address, reason: "too-many")
            let seconds = max(1, problem.retryAfter ?? 60)
            var response = await again(t["codeTooMany"]!.replacingOccurrences(of: "{minutes}", with: Format.number((seconds + 59) / 60)),
                                       .tooManyRequests)
            response.headers[.retryAfter] = String(seconds)
            return response
        } catch let problem as IntakeProblem where problem.status == 422 {
            return await again(t["codeIdentifierInvalid"], .unprocessableContent)
        }
    }

    @Sendable func codeForm(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let next = SignInPages.safeNext(query["next"].map(String.init))
        if context.session != nil { return portal.redirect(next) }
        let t = Labels.table(context.language)
        let sent = query["sent"].flatMap { ["sms", "email", "line"].contains(String($0)) ? t["codeSent_\($0)"] : nil }
        return await page(request, context, codeID: try Self.codeID(context), next: next, usable: true, error: nil, sentTo: sent ?? t["codeSent"])
    }

    /// The code page: the 6-digit form (while the code may still be used), its problem, a new code's link.
    func page(_ request: Request, _ context: PortalRequestContext, codeID: UUID, next: String, usable: Bool, error: String?,
              sentTo: String? = nil, status: HTTPResponse.Status = .ok) async -> Response {
        let token = SessionToken.random()
        var values: [String: Any] = ["codeId": codeID.lowercased, "next": next, "nextQuery": IntakeClient.escape(next),
                                     "signInToken": token, "usable": usable]
        if let error { values["error"] = error }
        if let sentTo { values["sentTo"] = sentTo }
        var response = await portal.render(Page(template: "sign-in-code", title: "codeTitle", values: values, status: status), request, context)
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.signInName, token, context: context)))
        return response
    }

    static func codeID(_ context: PortalRequestContext) throws -> UUID {
        guard let id = context.parameters.get("codeId").flatMap(UUID.init(uuidString:)) else { throw HTTPError(.notFound) }
        return id
    }

    @Sendable func verify(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: 16 * 1024)
        try checkToken(form, request)
        let t = Labels.table(context.language)
        let codeID = try Self.codeID(context)
        let next = SignInPages.safeNext(form["next"])
        let remember = form["remember"] == "1"
        let code = String((form.text("code") ?? "").filter(\.isNumber).prefix(12))
        let verified: IntakeSignIn.Verified
        do {
            verified = try await portal.intake.sendAsPortal("/v1/sign-in/verifications", json: IntakeSignIn.Verification(codeId: codeID, code: code),
                                                            language: context.language).decode(IntakeSignIn.Verified.self)
        } catch let problem as IntakeProblem where problem.status == 422 {
            try await portal.audit.record(.codeRefused, subject: nil, code: codeID, address: context.address, reason: "wrong-code")
            let left = problem.attemptsLeft ?? 0
            return await page(request, context, codeID: codeID, next: next, usable: left > 0,
                              error: t["codeWrong"]!.replacingOccurrences(of: "{left}", with: Format.number(left)), status: .unprocessableContent)
        } catch let problem as IntakeProblem where problem.status == 410 {
            let state = problem.currentState ?? "unknown"
            try await portal.audit.record(.codeRefused, subject: nil, code: codeID, address: context.address, reason: state)
            return await page(request, context, codeID: codeID, next: next, usable: false,
                              error: t["codeGone_\(state)"] ?? t["codeGone_unknown"], status: .gone)
        }
        guard let first = verified.identities.first else {
            return await page(request, context, codeID: codeID, next: next, usable: false, error: t["codeGone_contactChanged"], status: .gone)
        }
        if verified.identities.count == 1 {
            return try await signIn(first, code: codeID, remember: remember, next: next, request, context)
        }
        // A person who is a contact of several parties chooses one.
        let choice = try await portal.pending.keep(.init(identities: verified.identities, remember: remember, next: next))
        let token = SessionToken.random()
        let identities = verified.identities.enumerated().map { index, identity -> [String: Any] in
            ["index": index, "first": index == 0, "name": identity.name, "partyName": identity.partyName,
             "kind": t["party_\(identity.role.rawValue)"] ?? identity.role.rawValue]
        }
        var response = await portal.render(Page(template: "sign-in-choice", title: "choiceTitle",
                                                values: ["identities": identities, "signInToken": token]), request, context)
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.signInName, token, context: context)))
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(Self.choiceCookie, choice, context: context, maxAge: 300)))
        return response
    }

    @Sendable func choose(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let form = try await Form.read(request, context: context, limit: 16 * 1024)
        try checkToken(form, request)
        guard let token = request.cookies[Self.choiceCookie]?.value, let pending = try await portal.pending.take(token),
              let index = form["identity"].flatMap(Int.init), pending.identities.indices.contains(index) else {
            // The choice expired (or was made already): sign in again.
            return portal.redirect("/sign-in?tab=contact&expired=1")
        }
        var response = try await signIn(pending.identities[index], code: nil, remember: pending.remember, next: pending.next, request, context)
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(Self.choiceCookie, "", context: context, maxAge: 0)))
        return response
    }

    /// Opens the person's session (30 days with "remember this phone", its cookie kept as long) and
    /// goes on to `next`. The language is the one the pages showed (the switch's cookie), else the person's.
    func signIn(_ identity: IntakeSignIn.Identity, code: UUID?, remember: Bool, next: String, _ request: Request,
                _ context: PortalRequestContext) async throws -> Response {
        let language = request.cookies[SessionCookie.languageName].flatMap { Language(rawValue: $0.value) }
            ?? Language(rawValue: identity.language) ?? .th
        let principal = identity.principal
        let (session, token) = try await portal.sessions.open(.contact(principal), language: language,
                                                              userAgent: request.headers[.userAgent], remember: remember)
        try await portal.audit.record(.signIn, subject: principal.subject, code: code, session: session.id, address: context.address,
                                      reason: remember ? "remembered" : nil)
        var response = Response(status: .seeOther, headers: [.location: next == "/" ? "/my" : next])
        // Lax (not Strict): a contact person arrives from a message's link in another app, and must find their session.
        let maxAge = remember ? Int(portal.sessions.remembered.components.seconds) : nil
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.name, token, context: context,
                                                                                   maxAge: maxAge, strict: false)))
        response.headers.append(.init(name: .setCookie, value: portal.cookies.cookie(SessionCookie.signInName, "", context: context, maxAge: 0)))
        return response
    }
}
