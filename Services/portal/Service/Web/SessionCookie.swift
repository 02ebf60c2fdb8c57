import Foundation
import Hummingbird

/// The session cookie: `otop_session`, HttpOnly, SameSite=Strict, Path=/, and Secure when the page
/// was reached over TLS (or always/never, per `PORTAL_SECURE_COOKIES`). No expiry date: the browser
/// forgets it when closed, and the server's idle and absolute expiry end it anyway.
struct SessionCookie: Sendable {
    static let name = "otop_session"
    /// The language of signed-out pages (the switch before signing in).
    static let languageName = "otop_lang"
    /// The sign-in form's double-submit CSRF cookie (no session exists yet).
    static let signInName = "otop_signin"

    let mode: PortalConfiguration.SecureCookies

    func secure(_ context: PortalRequestContext) -> Bool {
        switch mode {
        case .always: true
        case .never: false
        case .auto: context.overTLS
        }
    }

    func set(_ token: String, context: PortalRequestContext) -> String {
        cookie(Self.name, token, context: context)
    }

    func clear(context: PortalRequestContext) -> String {
        cookie(Self.name, "", context: context, maxAge: 0)
    }

    func cookie(_ name: String, _ value: String, context: PortalRequestContext, maxAge: Int? = nil, strict: Bool = true) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=\(strict ? "Strict" : "Lax")"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure(context) { text += "; Secure" }
        return text
    }
}
