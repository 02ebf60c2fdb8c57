import Contracts
import Foundation
import Kafka
import Logging
import Messaging
import Testing
@testable import NotificationsService

/// A message as notifications' consumer reads it from the broker: an event, or a tombstone, on its topic.
struct ConsumedMessage: Sendable {
    let topic: Topic
    let key: String
    let value: [UInt8]

    /// `event` as published (its id, time and trace kept).
    static func event<Payload: EventPayload>(_ event: CloudEvent<Payload>) throws -> ConsumedMessage {
        ConsumedMessage(topic: Payload.topic, key: event.data.aggregateID, value: try event.encoded())
    }

    /// `payload` in a new envelope from its topic's writer.
    static func payload<Payload: EventPayload>(_ payload: Payload) throws -> ConsumedMessage {
        try event(CloudEvent(payload, source: Payload.topic.owner.eventSource))
    }

    /// The tombstone that erases a party's contacts.
    static func erasure(of party: UUID) -> ConsumedMessage {
        ConsumedMessage(topic: .contacts, key: party.uuidString.lowercased(), value: [])
    }
}

extension NotificationsDatabase {
    /// Applies `messages` as one consumer batch through `NotificationHandler`'s registered routes and
    /// the real inbox processor (one transaction, as the service would), so an event type the handler
    /// does not register fails the test instead of being skipped. `consumer` names the inbox: the same
    /// event under another name is handled again, past the inbox.
    @discardableResult
    func consume(_ messages: [ConsumedMessage], consumer: String = "notifications.messages", from offset: Int64 = 0,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> InboxBatchProcessor.Outcome {
        var logger = Logger(label: "notifications-tests")
        logger.logLevel = .warning
        let processor = try InboxBatchProcessor(
            consumer: consumer, service: .notifications, schema: NotificationsService.schema, pool: pool,
            routes: EventRoutes(NotificationHandler(planner: MessagePlanner(logger: logger))), logger: logger)
        let outcome = try await processor.process(messages.enumerated().map { index, message in
            KafkaIncomingMessage(topic: message.topic.name, partition: 0, offset: offset + Int64(index),
                                 key: Array(message.key.utf8), value: message.value)
        })
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
        #expect(outcome.skipped == 0, "\(outcome.skipped) of the messages has no route in NotificationHandler",
                sourceLocation: sourceLocation)
        return outcome
    }
}
