import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Runs before every route: believes `X-Forwarded-For`/`-Proto` only from a trusted proxy, finds the
/// session named by the cookie, picks the page's language (the session's, else the language cookie,
/// else Thai), and adds the security headers to every answer (a strict Content-Security-Policy: the
/// portal loads nothing from anywhere but itself, and runs no inline script).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let sessions: SessionStore
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if trustedProxies.contains(context.address) {
            if let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last {
                context.address = forwarded.trimmingCharacters(in: .whitespaces)
            }
            context.overTLS = request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
        }
        let cookies = request.cookies
        if let language = cookies[SessionCookie.languageName].flatMap({ Language(rawValue: $0.value) }) {
            context.language = language
        }
        if let token = cookies[SessionCookie.name]?.value, !token.isEmpty {
            switch try await sessions.find(token: token) {
            case .active(let session):
                context.session = session
                context.language = session.language
            case .expired:
                context.sessionExpired = true
            case .unknown:
                break
            }
        }
        var response = try await next(request, context)
        Self.secure(&response.headers)
        return response
    }

    static func secure(_ headers: inout HTTPFields) {
        headers[.init("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("Referrer-Policy")!] = "same-origin"
        headers[.init("X-Frame-Options")!] = "DENY"
    }
}

/// In front of every signed-in route: no session sends a page request to sign-in (with where to come
/// back to), and checks the CSRF token of every state-changing form. A form posted with an expired
/// session goes to sign-in too (the browser keeps what was typed; Back shows it), never to an error.
struct RequireSession: RouterMiddleware {
    typealias Context = PortalRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.session != nil else {
            var target = request.uri.path
            if request.method != .get, let referer = request.headers[.referer], let url = URL(string: referer) {
                target = url.path + (url.query.map { "?" + $0 } ?? "")
            } else if let query = request.uri.query, !query.isEmpty {
                target += "?" + query
            }
            let expired = context.sessionExpired ? "&expired=1" : ""
            return Response(status: .seeOther, headers: [.location: "/sign-in?next=\(IntakeClient.escape(target))\(expired)"])
        }
        return try await next(request, context)
    }
}
