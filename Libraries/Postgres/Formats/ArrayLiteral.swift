/// The text form of one-dimensional arrays: `{a,"b c",NULL}`.
enum ArrayLiteral {
    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
    private static let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")

    /// Every element double-quoted, so commas, braces, spaces and the word NULL stay data.
    static func format(_ elements: [String]) -> String {
        String(decoding: formatBytes(elements), as: UTF8.self)
    }

    /// ``format(_:)`` as UTF-8 bytes. Works on bytes, not characters: `"` and `\\` are ASCII and
    /// never part of another character's UTF-8 encoding, and grapheme breaking (Thai text) costs
    /// far more than the escaping itself on large arrays.
    static func formatBytes(_ elements: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.reduce(2) { $0 + $1.utf8.count + 3 })
        bytes.append(open)
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(comma) }
            bytes.append(quote)
            for byte in element.utf8 {
                if byte == quote || byte == backslash { bytes.append(backslash) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
        bytes.append(close)
        return bytes
    }

    /// The elements of a one-dimensional array literal; `nil` when the text is not such a literal.
    /// NULL elements are not supported (no caller stores them) and fail the parse.
    static func parse(_ text: String) -> [String]? {
        var utf8 = Array(text.utf8)[...]
        // An optional dimension decoration: `[1:3]={...}`.
        if utf8.first == UInt8(ascii: "["), let equals = utf8.firstIndex(of: UInt8(ascii: "=")) {
            utf8 = utf8[(equals + 1)...]
        }
        guard utf8.first == open, utf8.last == close else { return nil }
        let body = utf8.dropFirst().dropLast()
        if body.isEmpty { return [] }
        let null = Array("NULL".utf8)
        var elements: [String] = []
        var current: [UInt8] = []
        var quoted = false, inQuotes = false, escaped = false
        for byte in body {
            if escaped {
                current.append(byte)
                escaped = false
            } else if byte == backslash {
                escaped = true
            } else if byte == quote {
                inQuotes.toggle()
                quoted = true
            } else if byte == comma && !inQuotes {
                guard quoted || current != null else { return nil }
                elements.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                quoted = false
            } else if byte == open && !inQuotes {
                return nil  // nested arrays are not supported
            } else {
                current.append(byte)
            }
        }
        guard !inQuotes, quoted || current != null else { return nil }
        elements.append(String(decoding: current, as: UTF8.self))
        return elements
    }
}

/// The hex text form of `bytea`: `\x0aff...`.
enum ByteaText {
    static func parse(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == 92, bytes[1] == 120, bytes.count % 2 == 0 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: byte - 48
            case 97...102: byte - 87
            case 65...70: byte - 55
            default: nil
            }
        }
        var result: [UInt8] = []
        result.reserveCapacity((bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }
}
