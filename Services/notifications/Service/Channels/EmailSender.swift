import Contracts
import Domain
import Foundation
import SMTP

/// Sends e-mail (the SMTP client in production; a recording fake in unit tests).
protocol Mailer: Sendable {
    func send(_ message: EmailMessage) async throws(SMTPError)
}

extension SMTPClient: Mailer {}

/// The e-mail channel: one SMTP message to every contact person who takes e-mail, with an HTML and
/// a plain-text part and the message row's id as a stable `Message-ID`. The SMTP client's own rules
/// decide permanence: a 5xx (a rejected address), a missing `STARTTLS` that is required, a message
/// the client cannot send are permanent; 4xx, timeouts, connection and TLS failures are transient.
struct EmailSender: ChannelSender {
    let mailer: any Mailer
    let from: EmailAddress
    /// The domain of the `Message-ID`s.
    var messageIDDomain = "otop-sti.local"

    var channel: ContactChannel { .email }

    func send(_ message: OutgoingMessage) async throws(DeliveryFailure) {
        guard let subject = message.content.subject else {
            throw .permanent("the e-mail has no subject (template \(message.template.rawValue))")
        }
        var headers = [("X-OTOP-Template", message.template.rawValue)]
        if let reference = message.requestReference { headers.append(("X-OTOP-Request", reference)) }
        let email = EmailMessage(
            from: from,
            to: message.recipients.map { EmailAddress($0.address, name: $0.name) },
            subject: subject, textBody: message.content.text, htmlBody: message.content.html,
            messageID: "\(message.id.lowercased)@\(messageIDDomain)", date: Date(),
            extraHeaders: headers)
        do {
            try await mailer.send(email)
        } catch {
            throw DeliveryFailure(kind: error.isPermanent ? .permanent : .transient, reason: error.description)
        }
    }
}
