import Foundation
import Timestamps

/// A Swift type a column can be decoded into.
public protocol PostgresDecodable: Sendable {
    /// Decodes one field; throws a failure saying what is wrong with the value.
    static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Self
}

extension String: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> String {
        try value.requireText()
    }
}

/// Integers parse the decimal text of `int2`, `int4`, `int8` (and `numeric` without a fraction).
private func decodeInteger<I: FixedWidthInteger>(_ value: PostgresValue) throws(PostgresDecodingFailure) -> I {
    let text = try value.requireText()
    guard let number = I(text) else {
        throw PostgresDecodingFailure("'\(text.prefix(40))' is not an integer that fits \(I.self)")
    }
    return number
}

extension Int: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Int { try decodeInteger(value) }
}

extension Int64: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Int64 { try decodeInteger(value) }
}

extension Int32: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Int32 { try decodeInteger(value) }
}

extension Int16: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Int16 { try decodeInteger(value) }
}

extension UInt8: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> UInt8 { try decodeInteger(value) }
}

extension Bool: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Bool {
        switch try value.requireText() {
        case "t", "true": return true
        case "f", "false": return false
        case let other: throw PostgresDecodingFailure("'\(other.prefix(40))' is not a boolean")
        }
    }
}

extension Double: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Double {
        let text = try value.requireText()
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let number = Double(text) else { throw PostgresDecodingFailure("'\(text.prefix(40))' is not a number") }
            return number
        }
    }
}

extension UUID: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> UUID {
        let text = try value.requireText()
        guard let uuid = UUID(uuidString: text) else { throw PostgresDecodingFailure("'\(text.prefix(40))' is not a UUID") }
        return uuid
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamptz` (the session runs in UTC), `timestamp` (taken as UTC) and `date` (midnight UTC).
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Date {
        let text = try value.requireText()
        guard let date = TimestampText.parse(text) else {
            throw PostgresDecodingFailure("'\(text.prefix(40))' is not a timestamp")
        }
        return date
    }
}

extension CivilDate: PostgresDecodable {
    /// Reads a `date` column (`YYYY-MM-DD`, PostgreSQL's ISO DateStyle).
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> CivilDate {
        let text = try value.requireText()
        guard let date = CivilDate(text) else { throw PostgresDecodingFailure("'\(text.prefix(40))' is not a date (YYYY-MM-DD)") }
        return date
    }
}

extension Data: PostgresDecodable {
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Data {
        Data(try [UInt8].postgresDecode(value))
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// `[UInt8]` reads `bytea`; other element types read a one-dimensional array column.
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> [Element] {
        let text = try value.requireText()
        if Element.self == UInt8.self {
            guard let bytes = ByteaText.parse(text) else {
                throw PostgresDecodingFailure("is not bytea in hex form (\\x...)")
            }
            // The same type, so a reinterpretation; `as!` would cast element by element.
            return unsafeBitCast(bytes, to: [Element].self)
        }
        guard let elements = ArrayLiteral.parse(text) else {
            throw PostgresDecodingFailure("'\(text.prefix(40))' is not a one-dimensional array")
        }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                result.append(try Element.postgresDecode(PostgresValue(typeOID: 0, text: element)))
            } catch {
                throw PostgresDecodingFailure("element \(index + 1): \(error.reason)")
            }
        }
        return result
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// SQL NULL is `nil`.
    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> Wrapped? {
        guard value.text != nil else { return nil }
        return try Wrapped.postgresDecode(value)
    }
}
