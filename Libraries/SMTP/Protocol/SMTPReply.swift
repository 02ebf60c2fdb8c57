/// A server reply: a three-digit code and one or more lines of text (`250-first`, `250 last`).
public struct SMTPReply: Sendable, Hashable {
    /// The reply code, 200-599.
    public var code: Int
    /// The text after the code on each line, without the separator.
    public var lines: [String]

    /// A reply with `code` and the text of each line.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined with line breaks.
    public var text: String { lines.joined(separator: "\n") }

    /// 2xx: the command succeeded.
    public var isPositiveCompletion: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (`354` after `DATA`, `334` during `AUTH`).
    public var isPositiveIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: refused for now; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: refused; repeating the same command will not help.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }
}

extension SMTPReply: CustomStringConvertible {
    /// `code text` on one line, with anything that looks like an email address replaced by
    /// `<redacted>` (servers often echo the recipient in their replies).
    public var description: String {
        let text = lines.map(SMTPRedaction.redactingAddresses).joined(separator: " / ")
        return text.isEmpty ? "\(code)" : "\(code) \(text)"
    }
}
