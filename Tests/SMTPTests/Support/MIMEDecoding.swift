import Foundation

/// A small decoder for what the renderer writes, independent of it: unfolds headers, decodes
/// RFC 2047 "B" encoded-words and base64 bodies. Only for the tests.
enum MIMEDecoding {
    /// A parsed message: headers in order (unfolded, still encoded) and the raw body text.
    struct Parsed {
        var headers: [(name: String, value: String)]
        var body: String

        /// The first header named `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// Splits `text` (CRLF line ends) into unfolded headers and the body after the blank line.
    static func parse(_ text: String) -> Parsed {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let headerBlock = parts[0]
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        var headers: [(name: String, value: String)] = []
        for line in headerBlock.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !headers.isEmpty {
                headers[headers.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                let value = line[line.index(after: colon)...].drop { $0 == " " }
                headers.append((String(line[..<colon]), String(value)))
            }
        }
        return Parsed(headers: headers, body: body)
    }

    /// Decodes an unstructured header value: runs of encoded-words (with the white space between
    /// them dropped, RFC 2047 section 6.2) and plain text as it is.
    static func decodeHeader(_ value: String) -> String? {
        var result = ""
        var previousWasEncodedWord = false
        var pendingSpace = ""
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            if token.hasPrefix("=?UTF-8?B?"), token.hasSuffix("?="), token.count >= 12 {
                guard let decoded = decodeWord(String(token)) else { return nil }
                if !previousWasEncodedWord { result += pendingSpace }
                result += decoded
                previousWasEncodedWord = true
            } else {
                result += pendingSpace + token
                previousWasEncodedWord = false
            }
            pendingSpace = " "
        }
        return result
    }

    /// The text of one `=?UTF-8?B?...?=` word, `nil` when it is not valid base64 or not whole UTF-8.
    static func decodeWord(_ word: String) -> String? {
        let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
        guard let data = Data(base64Encoded: String(payload)) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The text of a base64 body (line breaks ignored).
    static func decodeBase64Body(_ body: String) -> String? {
        let joined = body.replacingOccurrences(of: "\r\n", with: "")
        guard let data = Data(base64Encoded: joined) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The lines of `bytes` split at CRLF, failing on any bare CR or LF.
    static func crlfLines(_ bytes: [UInt8]) -> [String]? {
        var lines: [String] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\r") {
                guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") else { return nil }
                lines.append(String(decoding: current, as: UTF8.self))
                current = []
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\n") { return nil }
            current.append(byte)
            index += 1
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }
}
