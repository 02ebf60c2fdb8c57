import Contracts
import Foundation
import Postgres

/// A message row taken for delivery (decoded in one place).
struct QueuedMessage: Sendable {
    var id: UUID
    var template: MessageTemplate
    var causeEventID: UUID
    var recipientPartyID: UUID
    var recipientKind: PartyKind
    var requestID: UUID?
    var facts: MessageFacts
    /// `nil` until the recipient's contacts are known and the message is routed to its channels.
    var channel: ContactChannel?
    var attempts: Int
    /// Seconds since the message was queued.
    var age: Double
    /// The trace of the event that queued it; `nil` for messages queued before traces were kept
    /// (and for digests, which start their own).
    var trace: TraceParent?

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        template = try row.decode(MessageTemplate.self, column: "template")
        causeEventID = try row.decode(UUID.self, column: "cause_event_id")
        recipientPartyID = try row.decode(UUID.self, column: "recipient_party_id")
        recipientKind = try row.decode(PartyKind.self, column: "recipient_kind")
        requestID = try row.decode(UUID?.self, column: "request_id")
        facts = try row.decodeJSON(MessageFacts.self, column: "facts", decoder: EventCoding.decoder)
        channel = try row.decode(ContactChannel?.self, column: "channel")
        attempts = try row.decode(Int.self, column: "attempts")
        age = try row.decode(Double.self, column: "age")
        if let header = try row.decode(String?.self, column: "traceparent") {
            guard let trace = TraceParent(header) else {
                throw PostgresError(code: .decoding, message: "column 'traceparent': invalid '\(header)'", column: "traceparent")
            }
            self.trace = trace
        }
    }
}
