import Contracts
import Foundation

/// One message a rule asks for: which template, for whom, about which request, with which facts.
/// The handler resolves the audience to parties and each party's contact preferences to channels,
/// and stores one message row per party and channel.
struct MessagePlan: Sendable, Equatable {
    var template: MessageTemplate
    var audience: Audience
    /// The request the message is about (its details are part of the wording), if any.
    var requestID: UUID?
    var facts: MessageFacts
}
