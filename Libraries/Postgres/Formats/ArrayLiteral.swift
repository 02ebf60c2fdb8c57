/// The text form of one-dimensional arrays: `{a,"b c",NULL}`.
enum ArrayLiteral {
    /// Every element double-quoted, so commas, braces, spaces and the word NULL stay data.
    static func format(_ elements: [String]) -> String {
        // Byte by byte: `"` and `\` are ASCII, and no byte of a multi-byte UTF-8 character equals them.
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(elements.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The elements of a one-dimensional array literal; `nil` when the text is not such a literal.
    /// NULL elements are not supported (no caller stores them) and fail the parse.
    static func parse(_ text: String) -> [String]? {
        var characters = Substring(text)
        // An optional dimension decoration: `[1:3]={...}`.
        if characters.first == "[", let equals = characters.firstIndex(of: "=") {
            characters = characters[characters.index(after: equals)...]
        }
        guard characters.first == "{", characters.last == "}" else { return nil }
        let body = characters.dropFirst().dropLast()
        if body.isEmpty { return [] }
        var elements: [String] = []
        var current = ""
        var quoted = false, inQuotes = false, escaped = false
        for character in body {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                quoted = true
            } else if character == "," && !inQuotes {
                guard quoted || current != "NULL" else { return nil }
                elements.append(current)
                current = ""
                quoted = false
            } else if character == "{" && !inQuotes {
                return nil  // nested arrays are not supported
            } else {
                current.append(character)
            }
        }
        guard !inQuotes, quoted || current != "NULL" else { return nil }
        elements.append(current)
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
