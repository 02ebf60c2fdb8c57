import Foundation
import Hummingbird

/// Checks a posted form's `_csrf` against the session's token (constant-time). Every state-changing
/// form carries it; a form posted without it, or with another session's, is refused with 403 and
/// changes nothing. (SameSite=Strict already keeps other sites' posts from carrying the cookie; this
/// is the second lock.)
enum CSRF {
    static func check(_ form: Form, session: Session) throws {
        guard let token = form["_csrf"], SessionToken.equal(token, session.csrfToken) else {
            throw HTTPError(.forbidden, message: "csrf")
        }
    }
}
