/// A small pull reader over the bytes of a JSON document: just what the instance format
/// needs (objects, arrays, strings, integers, skipping any other value), with errors that
/// carry the byte offset. Standard library only.
struct JSONScanner {
    /// A failure at a byte offset; the decoder turns it into an `InstanceFormatError`.
    struct Failure: Error {
        var code: InstanceFormatError.Code
        var offset: Int
        var message: String
        /// Set when the JSON is fine but the problem is not (an edge naming an unknown id).
        var problemCode: AllocationProblemError.Code? = nil
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0
    private static let maximumDepth = 256

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// The next non-blank byte, without consuming it (`nil` at the end).
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of file" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        let found = peek()
        guard found == byte else {
            throw Failure(code: .malformedJSON, offset: offset, message: "expected \(what), found \(describe(found))")
        }
        offset += 1
    }

    /// Consumes `byte` if it comes next.
    mutating func consume(_ byte: UInt8) -> Bool {
        if peek() == byte { offset += 1; return true }
        return false
    }

    /// The kind of the next value, for "wrong type" messages.
    mutating func kindOfNextValue() -> String {
        switch peek() {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        case nil: "end of file"
        case let byte?: (byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39)) ? "a number" : describe(byte)
        }
    }

    /// Reads a string value (with escapes, including UTF-16 surrogate pairs).
    mutating func readString(_ what: String) throws(Failure) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            let start = offset
            throw Failure(code: .wrongType, offset: start, message: "\(what) must be a string, found \(kindOfNextValue())")
        }
        let start = offset
        offset += 1
        let contentStart = offset
        // Fast path: no escapes.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<offset])
                offset += 1
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw Failure(code: .malformedJSON, offset: start, message: "\(what) is not valid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw Failure(code: .malformedJSON, offset: offset, message: "control character in a string")
            }
            offset += 1
        }
        // Slow path with escapes.
        var utf8 = Array(bytes[contentStart..<offset])
        while true {
            guard offset < bytes.count else {
                throw Failure(code: .malformedJSON, offset: start, message: "unterminated string")
            }
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw Failure(code: .malformedJSON, offset: start, message: "\(what) is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else {
                    throw Failure(code: .malformedJSON, offset: start, message: "unterminated string")
                }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalarValue = try readHex4()
                    if scalarValue >= 0xD800 && scalarValue < 0xDC00,
                       offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                        offset += 2
                        let low = try readHex4()
                        guard low >= 0xDC00 && low < 0xE000 else {
                            throw Failure(code: .malformedJSON, offset: offset - 6, message: "invalid UTF-16 surrogate pair")
                        }
                        scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else {
                        throw Failure(code: .malformedJSON, offset: offset - 6, message: "invalid \\u escape")
                    }
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw Failure(code: .malformedJSON, offset: offset - 2, message: "invalid escape \\\(describe(escape))")
                }
            default:
                if byte < 0x20 {
                    throw Failure(code: .malformedJSON, offset: offset - 1, message: "control character in a string")
                }
                utf8.append(byte)
            }
        }
    }

    private mutating func readHex4() throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else {
            throw Failure(code: .malformedJSON, offset: offset, message: "truncated \\u escape")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            default: throw Failure(code: .malformedJSON, offset: offset, message: "invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    /// Reads a JSON number that must be an integer fitting in 64 bits.
    mutating func readInteger(_ what: String) throws(Failure) -> Int {
        guard let first = peek(), first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else {
            throw Failure(code: .wrongType, offset: offset, message: "\(what) must be an integer, found \(kindOfNextValue())")
        }
        let start = offset
        let negative = first == UInt8(ascii: "-")
        if negative { offset += 1 }
        let digitsStart = offset
        var magnitude: UInt64 = 0
        var overflow = false
        while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[offset] - 0x30))
            overflow = overflow || o1 || o2
            magnitude = sum
            offset += 1
        }
        guard offset > digitsStart else {
            throw Failure(code: .malformedJSON, offset: start, message: "\(what): '-' without digits")
        }
        if offset - digitsStart > 1 && bytes[digitsStart] == 0x30 {
            throw Failure(code: .malformedJSON, offset: start, message: "\(what): leading zeros are not allowed in JSON numbers")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") || bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            let text = numberText(from: start)
            throw Failure(code: .notAnInteger, offset: start, message: "\(what) must be an integer, found \(text)")
        }
        let limit: UInt64 = negative ? UInt64(Int.max) + 1 : UInt64(Int.max)
        guard !overflow, magnitude <= limit else {
            throw Failure(code: .integerOutOfRange, offset: start, message: "\(what) \(numberText(from: start)) does not fit in 64 bits")
        }
        if negative { return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude) }
        return Int(magnitude)
    }

    /// The text of the number starting at `start` (for messages).
    private func numberText(from start: Int) -> String {
        var end = start
        while end < bytes.count, end - start < 40 {
            let byte = bytes[end]
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (byte >= 0x30 && byte <= 0x39) else { break }
            end += 1
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Skips any JSON value (used for fields the format does not define).
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < Self.maximumDepth else {
            throw Failure(code: .malformedJSON, offset: offset, message: "nesting deeper than \(Self.maximumDepth) levels")
        }
        guard let byte = peek() else {
            throw Failure(code: .malformedJSON, offset: offset, message: "expected a value, found end of file")
        }
        switch byte {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            offset += 1
            if consume(UInt8(ascii: "}")) { return }
            repeat {
                guard peek() == UInt8(ascii: "\"") else {
                    throw Failure(code: .malformedJSON, offset: offset, message: "expected an object key, found \(describe(peek()))")
                }
                try skipString()
                try expect(UInt8(ascii: ":"), "':'")
                try skipValue(depth: depth + 1)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"), "',' or '}'")
        case UInt8(ascii: "["):
            offset += 1
            if consume(UInt8(ascii: "]")) { return }
            repeat {
                try skipValue(depth: depth + 1)
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"), "',' or ']'")
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default:
            guard byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) else {
                throw Failure(code: .malformedJSON, offset: offset, message: "expected a value, found \(describe(byte))")
            }
            try skipNumber()
        }
    }

    /// Skips a number, checking the JSON grammar: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
    private mutating func skipNumber() throws(Failure) {
        let start = offset
        func digits() -> Int {
            let from = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - from
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        let integerDigits = digits()
        guard integerDigits > 0 else {
            throw Failure(code: .malformedJSON, offset: start, message: "'-' without digits")
        }
        if integerDigits > 1 && bytes[integerStart] == 0x30 {
            throw Failure(code: .malformedJSON, offset: start, message: "leading zeros are not allowed in JSON numbers")
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else {
                throw Failure(code: .malformedJSON, offset: start, message: "a JSON number needs digits after '.'")
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else {
                throw Failure(code: .malformedJSON, offset: start, message: "a JSON number needs digits in its exponent")
            }
        }
    }

    /// Skips a string (the next byte is its opening quote) without building it.
    private mutating func skipString() throws(Failure) {
        let start = offset
        offset += 1
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") { offset += 1; return }
            if byte == UInt8(ascii: "\\") {
                offset += 2
                continue
            }
            if byte < 0x20 {
                throw Failure(code: .malformedJSON, offset: offset, message: "control character in a string")
            }
            offset += 1
        }
        throw Failure(code: .malformedJSON, offset: start, message: "unterminated string")
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        guard offset + count <= bytes.count else {
            throw Failure(code: .malformedJSON, offset: offset, message: "expected a value")
        }
        for i in 0..<count where bytes[offset + i] != start[i] {
            throw Failure(code: .malformedJSON, offset: offset, message: "expected a value, found \(describe(bytes[offset]))")
        }
        offset += count
    }

    /// 1-based line and column of a byte offset.
    func position(of target: Int) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var i = 0
        let end = Swift.min(target, bytes.count)
        while i < end {
            if bytes[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return (line, column)
    }
}
