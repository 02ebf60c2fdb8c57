import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Messaging
import Postgres

/// `POST /webhooks/line`: the LINE platform's webhook, outside `/v1` and its bearer tokens. The
/// request's `X-Line-Signature` is verified against the raw body first (401 otherwise); the events
/// are stored once each by `webhookEventId` and the answer is 200 at once (LINE waits briefly and
/// redelivers); ``LineWebhookProcessor`` links and unlinks after the answer.
struct LineWebhookController: Sendable {
    let pool: PostgresPool
    let settings: SignInSettings
    let clock: any WallClock

    func addRoutes(to router: Router<IntakeRequestContext>) {
        router.post("webhooks/line", use: receive)
    }

    @Sendable func receive(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        guard let secret = settings.lineChannelSecret, settings.key != nil else { throw Problem.lineOff }
        // 415 for another media type, 413 above the limit; the raw bytes, since the signature is theirs.
        let body = Array(try await JSONBody.read(from: request, context: context, as: .json))
        guard LineSignature(channelSecret: secret).verifies(request.headers[.lineSignature], body: body) else {
            context.logger.warning("LINE webhook with a wrong signature refused")
            throw Problem.lineSignature
        }
        let events = try JSONBody.decode(LineWebhookBody.self, bytes: Data(body)).received()
        let added = try await LineWebhookStore(pool: pool).store(events, now: try await clock.now())
        context.logger.info("LINE webhook received", metadata: ["events": "\(events.count)", "new": "\(added)"])
        return try JSONResponse.make(.ok, LineWebhookAnswer(received: events.count, new: added))
    }
}

/// The webhook's answer (LINE reads only the status).
struct LineWebhookAnswer: Codable, Sendable, Equatable {
    var received: Int
    var new: Int
}

extension HTTPField.Name {
    static let lineSignature = HTTPField.Name("X-Line-Signature")!
}
