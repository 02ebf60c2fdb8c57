import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Messaging
import Postgres

/// The parties' commands on the coupon journey (a provider's answer, an enterprise's confirmation,
/// an officer's screening, budget or assignment ...): stored and published in one transaction, with
/// an entry on the request's timeline when the command is about one, and answered 202 with where to
/// follow it (matching applies the command; the resource catches up from its events).
struct CommandPublisher: Sendable {
    let pool: PostgresPool
    let clock: any WallClock

    /// Publishes a party's command on its topic, correlated with `correlation` (a request's id, a
    /// budget key, a round id), and records it on the request's timeline when it is about one.
    @discardableResult
    func publish<Payload: EventPayload>(_ command: Payload, correlation: String, request: UUID?, summary: [String: String],
                                        now: Date) async throws -> EventHeader {
        try await pool.withTransaction { connection in
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: correlation)
            let event = try await events.emit(command, time: now, on: connection)
            if let request {
                try await RequestTimeline.append(event: event.header, requestID: request, summary: summary, on: connection)
            }
            return event.header
        }
    }

    /// Publishes the command and answers 202 with where to follow it.
    func accepted<Payload: EventPayload>(_ command: Payload, request: UUID, location: String, summary: [String: String],
                                         context: IntakeRequestContext) async throws -> Response {
        let event = try await publish(command, correlation: request.lowercased, request: request, summary: summary, now: try await clock.now())
        context.logger.info("journey command accepted", metadata: ["request_id": "\(request)", "command": "\(event.type)"])
        return try JSONResponse.make(.accepted, location: location,
                                     CommandAnswer(id: location.split(separator: "/").last.map(String.init) ?? request.lowercased,
                                                   command: event.type, commandId: event.id))
    }
}
