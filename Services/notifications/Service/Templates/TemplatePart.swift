import Contracts

/// One part of a template file, marked in the file by a comment line such as `{{! sms }}`.
enum TemplatePart: String, Sendable, CaseIterable {
    /// The e-mail's subject (one line).
    case subject
    /// The e-mail's plain-text part.
    case text
    /// The e-mail's HTML part (values HTML-escaped), placed into the language's `layout.html.mustache`.
    case html
    /// The short SMS text.
    case sms
    /// The LINE text message.
    case line

    /// Whether values are HTML-escaped (only in the HTML part).
    var isHTML: Bool { self == .html }

    /// The parts a channel sends.
    static func parts(for channel: ContactChannel) -> [TemplatePart] {
        switch channel {
        case .email: [.subject, .text, .html]
        case .sms: [.sms]
        case .line: [.line]
        }
    }
}
