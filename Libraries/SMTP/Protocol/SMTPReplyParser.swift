/// Splits the bytes a server sends into replies, joining multi-line replies (RFC 5321 section
/// 4.2.1): every line but the last has `-` after the code, the last has a space or nothing.
///
/// Accepts CRLF and, leniently, bare LF line ends. Refuses malformed lines, codes outside
/// 200-599, a code that changes within one reply, and lines or replies too long to be honest.
struct SMTPReplyParser {
    /// The longest line accepted (RFC 5321 allows 512 octets; some servers send more in EHLO).
    static let maximumLineLength = 4_096
    /// The most lines one reply may have.
    static let maximumLineCount = 256

    /// What went wrong, for ``SMTPError/Code/protocolViolation``.
    struct Violation: Error, Hashable {
        var detail: String
    }

    private var buffer: [UInt8] = []
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    /// Whether bytes arrived that are not yet part of a complete reply (after `STARTTLS`'s `220`, any
    /// such bytes were sent in plain text before the handshake: a command-injection attempt).
    var hasBufferedBytes: Bool { !buffer.isEmpty || pendingCode != nil }

    /// Adds bytes received from the server.
    mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or `nil` when more bytes are needed.
    mutating func nextReply() throws(Violation) -> SMTPReply? {
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var lineEnd = newline
            if lineEnd > buffer.startIndex, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = Array(buffer[buffer.startIndex..<lineEnd])
            buffer.removeSubrange(buffer.startIndex...newline)
            if let reply = try consume(line: line) { return reply }
        }
        guard buffer.count <= Self.maximumLineLength else {
            throw Violation(detail: "a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        return nil
    }

    private mutating func consume(line: [UInt8]) throws(Violation) -> SMTPReply? {
        guard line.count <= Self.maximumLineLength else {
            throw Violation(detail: "a reply line is longer than \(Self.maximumLineLength) bytes")
        }
        guard line.count >= 3, line[0...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw Violation(detail: "a reply line does not start with a three-digit code")
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (200..<600).contains(code) else {
            throw Violation(detail: "reply code \(code) is outside 200-599")
        }
        if let pendingCode, pendingCode != code {
            throw Violation(detail: "a multi-line reply changed its code from \(pendingCode) to \(code)")
        }
        let isLast: Bool
        switch line.count > 3 ? line[3] : UInt8(ascii: " ") {
        case UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw Violation(detail: "reply code \(code) is followed by neither a space nor '-'")
        }
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        pendingLines.append(text)
        guard isLast else {
            pendingCode = code
            guard pendingLines.count < Self.maximumLineCount else {
                throw Violation(detail: "a reply has more than \(Self.maximumLineCount) lines")
            }
            return nil
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return reply
    }
}
