import Contracts
import Foundation
import Hummingbird
import Logging
import Messaging
import Postgres

/// Sign-in with a one-time code, for the portal's service client (role `portal`): a person types a
/// phone or e-mail, which selects contact persons on record, and gets a code on a channel on record
/// (`POST /v1/sign-in/codes`); the portal checks the code the person types (`POST
/// /v1/sign-in/verifications`) and opens a session for the identity the answer names. The routes
/// sit in a group of their own whose authentication accepts the portal's client only.
struct SignInController: Sendable {
    let pool: PostgresPool
    let settings: SignInSettings
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.post("sign-in/codes", use: requestCode)
        group.post("sign-in/verifications", use: verifyCode)
    }

    private func store() throws(Problem) -> SignInCodeStore {
        guard let key = settings.key else { throw .signInOff }
        return SignInCodeStore(pool: pool, key: key, settings: settings)
    }

    @Sendable func requestCode(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        _ = try context.requireClient()
        let codes = try store()
        let body = try await JSONBody.decode(CodeRequestBody.self, from: request, context: context).validated()
        let issued = try await codes.issue(body, now: try await clock.now())
        // Ids only: never the code, the phone, the e-mail or the address.
        context.logger.info("sign-in code requested", metadata: ["code_id": "\(issued.codeId)", "channel": "\(issued.channel.rawValue)"])
        return try JSONResponse.make(.accepted, issued)
    }

    @Sendable func verifyCode(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        _ = try context.requireClient()
        let codes = try store()
        let body = try await JSONBody.decode(VerificationBody.self, from: request, context: context).validated()
        let at = try await clock.now()
        switch try await codes.verify(body, now: at) {
        case .verified(let identities):
            context.logger.info("sign-in code verified", metadata: ["code_id": "\(body.codeID)", "identities": "\(identities.count)"])
            return try JSONResponse.make(.ok, VerifiedSignInView(codeId: body.codeID, identities: identities, verifiedAt: at))
        case .wrong(let left):
            context.logger.info("sign-in code wrong", metadata: ["code_id": "\(body.codeID)", "attempts_left": "\(left)"])
            throw Problem.signInCodeWrong(attemptsLeft: left)
        case .spent(let state):
            context.logger.info("sign-in code refused", metadata: ["code_id": "\(body.codeID)", "state": "\(state.rawValue)"])
            throw Problem.signInCodeSpent(state)
        }
    }
}
