import Foundation
import Synchronization

/// A message the local SMTP server (aiosmtpd's Mailbox handler) filed under `<maildir>/new`,
/// decoded enough to assert on: headers (RFC 2047 words decoded) and the text body.
struct MailMessage: Sendable {
    let headers: [(name: String, value: String)]
    /// The text: the body, or the `text/plain` part of a multipart message.
    let body: String
    /// The `text/html` part of a multipart/alternative message.
    var html: String? = nil

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Reads every message in `<maildir>/new`.
    static func all(in maildir: String) -> [MailMessage] {
        let folder = URL(fileURLWithPath: maildir).appendingPathComponent("new")
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return files.compactMap { try? Data(contentsOf: $0) }.map(parse)
    }

    static func parse(_ data: Data) -> MailMessage {
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.range(of: "\n\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        let rawBody = split.map { String(text[$0.upperBound...]) } ?? ""
        var headers: [(String, String)] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
                headers[headers.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        let decodedHeaders = headers.map { ($0.0, decodeWords($0.1)) }
        if let type = headers.first(where: { $0.0.lowercased() == "content-type" })?.1, type.lowercased().hasPrefix("multipart/"),
           let range = type.range(of: "boundary=") {
            // multipart/alternative: the text part is the body, the HTML part is kept beside it.
            let boundary = type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" ;"))
            let parts = rawBody.components(separatedBy: "--\(boundary)").dropFirst().filter { !$0.hasPrefix("--") }
                .map { parse(Data($0.trimmingCharacters(in: .newlines).utf8)) }
            let isType = { (part: MailMessage, prefix: String) in part.header("Content-Type")?.lowercased().hasPrefix(prefix) == true }
            return MailMessage(headers: decodedHeaders, body: parts.first { isType($0, "text/plain") }?.body ?? "",
                               html: parts.first { isType($0, "text/html") }?.body)
        }
        let encoding = headers.first { $0.0.lowercased() == "content-transfer-encoding" }?.1.lowercased()
        var body = rawBody
        if encoding == "base64", let bytes = Data(base64Encoded: rawBody.filter { !$0.isWhitespace }) {
            body = String(decoding: bytes, as: UTF8.self)
        } else if encoding == "quoted-printable" {
            body = decodeQuotedPrintable(rawBody)
        }
        return MailMessage(headers: decodedHeaders, body: body)
    }

    /// RFC 2047 encoded words (`=?UTF-8?B?...?=` / `?Q?`); adjacent words join without the space.
    static func decodeWords(_ value: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"=\?([^?]+)\?([bBqQ])\?([^?]*)\?=(\s+(?==\?))?"#)
        var result = ""
        var last = value.startIndex
        for match in pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)) {
            let range = Range(match.range, in: value)!
            result += value[last..<range.lowerBound]
            let kind = value[Range(match.range(at: 2), in: value)!].uppercased()
            let payload = String(value[Range(match.range(at: 3), in: value)!])
            if kind == "B", let data = Data(base64Encoded: payload) {
                result += String(decoding: data, as: UTF8.self)
            } else {
                result += decodeQuotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
            }
            last = range.upperBound
        }
        result += value[last...]
        return result
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let chars = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var i = 0
        while i < chars.count {
            if chars[i] == UInt8(ascii: "="), i + 2 < chars.count,
               let byte = UInt8(String(decoding: chars[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                i += 3
            } else {
                bytes.append(chars[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads the shared maildir incrementally: files that were there when it was made are ignored, and a
/// file is parsed once. Cheap enough to poll every few milliseconds while a test waits for mail.
final class MaildirReader: Sendable {
    let maildir: String
    private let state: Mutex<(ignored: Set<String>, parsed: [String: MailMessage])>

    init(maildir: String) {
        self.maildir = maildir
        state = Mutex((Set(Self.fileNames(in: maildir)), [:]))
    }

    /// Every message filed since this reader was made, one per file (a resent copy is a second file).
    ///
    /// Files are read and parsed outside the lock: end-to-end suites run side by side in one process
    /// on two cooperative threads, and a thread waiting for a lock held across file reads stalls
    /// every suite (a crash test once saw no progress for 40 s).
    func newMessages() -> [MailMessage] {
        let names = Self.fileNames(in: maildir)
        let unread = state.withLock { state in names.filter { !state.ignored.contains($0) && state.parsed[$0] == nil } }
        var read: [String: MailMessage] = [:]
        for name in unread {
            // aiosmtpd writes into tmp/ and renames into new/: a file in new/ is complete.
            let url = URL(fileURLWithPath: maildir).appendingPathComponent("new").appendingPathComponent(name)
            if let data = try? Data(contentsOf: url) { read[name] = MailMessage.parse(data) }
        }
        return state.withLock { state in
            state.parsed.merge(read) { first, _ in first }
            return Array(state.parsed.values)
        }
    }

    private static func fileNames(in maildir: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: maildir).appendingPathComponent("new").path)) ?? []
    }
}
