import Foundation
import Hummingbird
import Logging
import Messaging

/// What operators watch besides each service's `/health/ready` (docs/console.md, A12): the dead
/// letters held per business topic, read from the broker.
struct OperationsController: Sendable {
    /// `nil` when this API has no broker to ask (then the route answers 503).
    let deadLetters: DeadLetterGauge?
    let clock: any WallClock

    func addRoutes(to group: RouterGroup<IntakeRequestContext>) {
        group.get("operations/dead-letters", use: listDeadLetters)
    }

    /// `GET /v1/operations/dead-letters` (operators): 503 with `Retry-After` when the broker does not
    /// answer within the gauge's deadline.
    @Sendable func listDeadLetters(_ request: Request, context: IntakeRequestContext) async throws -> Response {
        let client = try context.requireClient()
        try client.require(.operator, to: "read the dead letters")
        guard let deadLetters else { throw Problem.brokerUnavailable }
        do {
            let topics = try await deadLetters.held()
            return try JSONResponse.make(.ok, DeadLettersView(asOf: try await clock.now(), topics: topics))
        } catch {
            context.logger.warning("dead letters not read", metadata: ["error": "\(error)"])
            throw Problem.brokerUnavailable
        }
    }
}

extension Problem {
    /// The broker did not answer (in time): 503, retry in 5 seconds.
    static var brokerUnavailable: Problem {
        Problem(status: .serviceUnavailable, type: "/problems/unavailable", title: Messages.unavailableTitle,
                detail: Messages.brokerDown, headers: [.retryAfter: "5"])
    }
}
