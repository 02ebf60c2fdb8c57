import Contracts
import Domain
import Foundation
import Logging
import Postgres

/// What one step of the journey works with: the transaction's connection, the event writer, a logger
/// and the instant the step happens at (injected, so tests control time).
struct JourneyContext: Sendable {
    let connection: PostgresConnection
    let events: MatchingEvents
    let logger: Logger
    let now: Date

    /// Writes `payload` as an event of the request's journey.
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, journey request: UUID) async throws -> EventHeader {
        try await events.emit(payload, correlationID: request.lowercased, time: now, on: connection)
    }

    /// Writes many events of requests' journeys at once (an allocation round's), in order.
    func emit<Payload: EventPayload>(all payloads: [Payload], journey request: (Payload) -> UUID) async throws {
        try await events.emit(all: payloads, correlationID: { request($0).lowercased }, time: now, on: connection)
    }

    /// Writes `payload` with an explicit correlation id (budget keys, round ids).
    @discardableResult
    func emit<Payload: EventPayload>(_ payload: Payload, correlationID: String) async throws -> EventHeader {
        try await events.emit(payload, correlationID: correlationID, time: now, on: connection)
    }
}

/// A party's command as matching applies it: what to name in a refusal.
struct JourneyCommandEvent: Sendable {
    let eventID: UUID
    let eventType: String
    let actor: Actor

    init(eventID: UUID, eventType: String, actor: Actor) {
        self.eventID = eventID
        self.eventType = eventType
        self.actor = actor
    }

    init<Payload: EventPayload>(_ event: CloudEvent<Payload>, actor: Actor) {
        self.init(eventID: event.id, eventType: event.type, actor: actor)
    }
}
