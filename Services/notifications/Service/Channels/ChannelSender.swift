import Contracts
import Foundation

/// Sends a rendered message on one channel (e-mail over SMTP, LINE push, the SMS gateway). One
/// sender per channel, each with its own failure rules; the delivery worker does not know how a
/// channel works, only whether a failure is worth retrying.
protocol ChannelSender: Sendable {
    /// The channel this sender delivers on.
    var channel: ContactChannel { get }

    /// Delivers `message`; returns once the channel's server accepted it.
    /// - Throws: ``DeliveryFailure`` saying whether a retry can help.
    func send(_ message: OutgoingMessage) async throws(DeliveryFailure)
}

/// Everything a sender needs for one message: who, in which words, and a stable id the channel can
/// use to recognise a resend (the e-mail's Message-ID, LINE's retry key, the SMS gateway's reference).
struct OutgoingMessage: Sendable, Equatable {
    /// The message row's id: stable across retries and restarts.
    var id: UUID
    var template: MessageTemplate
    /// The contact persons this channel reaches, with their address on it.
    var recipients: [Addressee]
    var content: RenderedMessage
    /// The request the message is about, for headers and logs.
    var requestReference: String?
}

/// One contact person's address on one channel (personal data: never logged).
struct Addressee: Sendable, Equatable {
    var name: String
    /// The e-mail address, LINE user id or phone number.
    var address: String
}

/// Why a channel did not take a message.
struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    enum Kind: String, Sendable {
        /// Retrying later may work (a timeout, a 5xx, 429, a connection refused).
        case transient
        /// Retrying cannot help (an address the server rejects, a 4xx other than 429, bad configuration).
        case permanent
    }

    var kind: Kind
    /// What failed, without personal data.
    var reason: String

    static func transient(_ reason: String) -> DeliveryFailure { DeliveryFailure(kind: .transient, reason: reason) }
    static func permanent(_ reason: String) -> DeliveryFailure { DeliveryFailure(kind: .permanent, reason: reason) }

    var isPermanent: Bool { kind == .permanent }
    var description: String { "\(reason) (\(kind.rawValue))" }
}
