import Contracts
import Domain
import Foundation
import Messaging
import TestSupport
import Testing
@testable import NotificationsService

extension ConsumedMessage {
    /// The tombstone that erases a party's contacts.
    static func erasure(of party: UUID) -> ConsumedMessage {
        .tombstone(.contacts, key: party.lowercased)
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
        let processor = try harness.processor(consumer, handler: NotificationHandler(planner: MessagePlanner(logger: harness.logger)))
        let outcome = try await harness.consume(messages, through: processor, from: offset)
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
        #expect(outcome.skipped == 0, "\(outcome.skipped) of the messages has no route in NotificationHandler",
                sourceLocation: sourceLocation)
        return outcome
    }
}
