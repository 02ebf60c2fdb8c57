import Foundation

/// A LINE webhook request (Messaging API): the bot's user id and the events, of which linking
/// reads `message` (text), `follow` and `unfollow` from users; everything else is stored and ignored.
struct LineWebhookBody: Decodable {
    var destination: String?
    var events: [Event]

    struct Event: Decodable {
        var type: String
        var webhookEventId: String
        /// Milliseconds since 1970.
        var timestamp: Int64
        var source: Source?
        var message: Message?
    }

    struct Source: Decodable {
        var type: String
        var userId: String?
    }

    struct Message: Decodable {
        var type: String
        var text: String?
    }

    /// The events as stored: ids and types checked (a LINE id is at most 64 characters here), the
    /// sender only for events from a user, the text only of text messages (at most 500 characters,
    /// control characters such as line breaks read as spaces: a person's message is never refused).
    func received() throws(Problem) -> [LineWebhookEvent] {
        var v = Validation()
        var events: [LineWebhookEvent] = []
        for (index, event) in self.events.enumerated() {
            let field = "events[\(index)]"
            let id = v.text(event.webhookEventId, "\(field).webhookEventId", maxLength: 64)
            let type = v.text(event.type, "\(field).type", maxLength: 32)
            let sender = v.optionalText(event.source?.userId, "\(field).source.userId", maxLength: 64)
            let user = event.source?.type == "user" ? sender : nil
            if !(0...Self.latestTimestamp).contains(event.timestamp) { v.fail("\(field).timestamp", Messages.lineTimestamp) }
            let text = event.message?.type == "text" ? event.message?.text.map(Self.plain) : nil
            guard let id, let type else { continue }
            events.append(LineWebhookEvent(webhookEventID: id, type: type, lineUserID: user, text: text,
                                           occurredAt: Date(timeIntervalSince1970: TimeInterval(event.timestamp) / 1000)))
        }
        try v.finish()
        return events
    }

    /// Milliseconds since 1970 of the year 3000: later is not a time LINE sends.
    static let latestTimestamp: Int64 = 32_503_680_000_000

    /// `text` without control characters (PostgreSQL stores no NUL), at most 500 characters.
    static func plain(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(500).map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
        }))
    }
}

/// One webhook event as intake stores it until processed.
struct LineWebhookEvent: Sendable, Equatable {
    var webhookEventID: String
    var type: String
    var lineUserID: String?
    var text: String?
    var occurredAt: Date
}
