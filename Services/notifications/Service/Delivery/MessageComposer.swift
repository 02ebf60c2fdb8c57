import CodeSealing
import Contracts
import Foundation
import Messaging
import Postgres

/// Rendering: gathers what a queued message's wording needs (the recipient, the request, the
/// provider's name, the other party of an assignment) and renders the parts of its channel in the language of its first addressee.
struct MessageComposer: Sendable {
    let renderer: MessageRenderer
    /// Opens sign-in codes (`SIGNIN_CODE_KEY`, shared with intake); `nil`: sign-in codes fail, named.
    var codeKey: CodeKey?
    /// Where a sign-in code's expiry is read against.
    var clock: any WallClock = .system

    /// What composing a message came to.
    enum Outcome: Sendable {
        /// Ready to send.
        case ready(OutgoingMessage)
        /// Something the wording needs is not known yet (say what).
        case waiting(String)
        /// The message can never be sent (say why).
        case impossible(String)
        /// Nobody takes this message on its channel any more (preferences changed since it was queued).
        case noAddressee
    }

    func compose(_ message: QueuedMessage, channel: ContactChannel, recipient: Recipient,
                 on connection: PostgresConnection) async throws -> Outcome {
        guard let delivery = ChannelRouting.deliveries(for: recipient, template: message.template, only: message.facts.onePerson)
            .first(where: { $0.channel == channel }) else { return .noAddressee }
        var context = MessageContext(recipientName: recipient.name, request: nil, providerName: nil)
        if case .signInCode(let event) = message.facts {
            // A code is worth nothing after its 10 minutes: better no message than a useless one.
            guard event.expiresAt > (try await clock.now()) else { return .impossible("the sign-in code expired before it could be sent") }
            guard let codeKey else { return .impossible("SIGNIN_CODE_KEY is not set: sign-in codes cannot be opened") }
            do {
                context.signInCode = try codeKey.open(event.sealedCode, for: event.codeId)
            } catch {
                return .impossible("\(error)")
            }
        }
        if let requestID = message.requestID {
            guard let request = try await RequestCopyStore.summary(requestID, on: connection) else {
                return .waiting("the request's details")
            }
            context.request = request
        }
        if let providerID = message.facts.providerID {
            guard let name = try await RecipientStore.name(of: providerID, on: connection) else {
                return .waiting("the provider's name")
            }
            context.providerName = name
        }
        if let counterpartID = message.facts.counterpartID(for: message.template) {
            // The other party's contact person and phone; erased contacts leave them out (the
            // message says to ask the programme's officer) rather than holding the message back.
            if let party = try await RecipientStore.load(counterpartID, on: connection) {
                context.counterpart = Counterpart(party)
            } else if try await !RecipientStore.wasErased(counterpartID, on: connection) {
                return .waiting("the other party's contacts")
            }
        }
        do {
            let content = try renderer.render(message.template, facts: message.facts, context: context,
                                              language: delivery.language, parts: TemplatePart.parts(for: channel))
            return .ready(OutgoingMessage(id: message.id, template: message.template, recipients: delivery.addressees,
                                          content: content, requestReference: context.request?.reference))
        } catch {
            return .impossible("\(error)")
        }
    }
}
