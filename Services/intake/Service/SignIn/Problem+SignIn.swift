import Foundation
import HTTPTypes

extension Problem {
    /// 503: the sign-in routes need `SIGNIN_CODE_KEY`.
    static var signInOff: Problem {
        Problem(status: .serviceUnavailable, type: "/problems/sign-in-not-configured", title: Messages.signInOffTitle,
                detail: Messages.signInOff)
    }

    /// 503: the LINE webhook needs `LINE_CHANNEL_SECRET`.
    static var lineOff: Problem {
        Problem(status: .serviceUnavailable, type: "/problems/sign-in-not-configured", title: Messages.signInOffTitle,
                detail: Messages.lineOff)
    }

    /// 429 with `Retry-After`: too many codes asked for one phone or e-mail, or from one address.
    static func signInRateLimited(retryAfter seconds: Int) -> Problem {
        Problem(status: .tooManyRequests, type: "/problems/sign-in-rate-limited", title: Messages.rateLimitedTitle,
                detail: Messages.rateLimited(seconds: seconds), headers: [.retryAfter: String(seconds)],
                numbers: ["retryAfter": seconds])
    }

    /// 422 naming `code`, with the tries left (0 after the fifth wrong one).
    static func signInCodeWrong(attemptsLeft: Int) -> Problem {
        Problem(status: .unprocessableContent, type: "/problems/sign-in-code-wrong", title: Messages.codeWrongTitle,
                detail: Messages.codeWrong(attemptsLeft: attemptsLeft),
                errors: [FieldError(field: "code", detail: Messages.codeWrong(attemptsLeft: attemptsLeft))],
                numbers: ["attemptsLeft": attemptsLeft])
    }

    /// 410: the code cannot be used any more (unknown, expired, used, tried five times); the
    /// state is the answer's `currentState`.
    static func signInCodeSpent(_ state: SignInCodeState) -> Problem {
        var problem = Problem(status: .gone, type: "/problems/sign-in-code-spent", title: Messages.codeSpentTitle,
                              detail: Messages.codeSpent(state))
        problem.currentState = state.rawValue
        return problem
    }

    /// 404: the party has no contact person at `index`.
    static func noContactPerson(_ index: Int) -> Problem {
        Problem(status: .notFound, type: "/problems/not-found", title: Messages.notFoundTitle, detail: Messages.noContactPerson(index))
    }

    /// 401: a LINE webhook request without a valid `X-Line-Signature`.
    static var lineSignature: Problem {
        Problem(status: .unauthorized, type: "/problems/line-signature", title: Messages.lineSignatureTitle,
                detail: Messages.lineSignature)
    }
}
