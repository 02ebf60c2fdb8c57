import Foundation
import Timestamps

/// A Swift value that can be sent as a statement parameter.
public protocol PostgresEncodable: Sendable {
    /// The parameter's type OID (also used for `NULL` of an optional).
    static var postgresTypeOID: UInt32 { get }
    /// The value as libpq sends it.
    var postgresParameter: PostgresParameter { get }
}

/// A value that can also be an element of a PostgreSQL array parameter or column (`text[]`,
/// `uuid[]`, `int8[]`...).
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The OID of the array type whose elements are this type.
    static var postgresArrayTypeOID: UInt32 { get }
    /// The element's text form inside an array literal (quoted by the array encoder).
    var postgresArrayElementText: String { get }
}

extension PostgresEncodable where Self: PostgresArrayElement {
    public var postgresParameter: PostgresParameter {
        PostgresParameter(typeOID: Self.postgresTypeOID, text: postgresArrayElementText)
    }
}

extension String: PostgresArrayElement {
    /// Sent as `unknown`, so the server types it from context (text, varchar, char, date, enum...).
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.unknown }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.textArray }
    public var postgresArrayElementText: String { self }
}

extension Int: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int8Array }
    public var postgresArrayElementText: String { String(self) }
}

extension Int64: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int8 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int8Array }
    public var postgresArrayElementText: String { String(self) }
}

extension Int32: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int4 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int4Array }
    public var postgresArrayElementText: String { String(self) }
}

extension Int16: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int2 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.int2Array }
    public var postgresArrayElementText: String { String(self) }
}

/// Only meaningful as `[UInt8]`, which is `bytea` (not an array of small integers).
extension UInt8: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.int2 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.bytea }
    public var postgresArrayElementText: String { String(self) }
}

extension Bool: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.bool }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.boolArray }
    public var postgresArrayElementText: String { self ? "t" : "f" }
}

extension Double: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.float8 }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.float8Array }
    public var postgresArrayElementText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return "\(self)"
    }
}

extension UUID: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.uuid }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.uuidArray }
    public var postgresArrayElementText: String { uuidString.lowercased() }
}

extension Date: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.timestamptz }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.timestamptzArray }
    public var postgresArrayElementText: String { TimestampText.format(self) }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// `[UInt8]` is `bytea`; any other element type gives the matching array type.
    public static var postgresTypeOID: UInt32 { Element.postgresArrayTypeOID }

    public var postgresParameter: PostgresParameter {
        if Element.self == UInt8.self {
            // The same type, so a reinterpretation; `as? [UInt8]` would cast element by element.
            return PostgresParameter(typeOID: PostgresTypeOID.bytea, bytes: unsafeBitCast(self, to: [UInt8].self), isBinary: true)
        }
        return PostgresParameter(typeOID: Self.postgresTypeOID, bytes: ArrayLiteral.formatBytes(map(\.postgresArrayElementText)))
    }
}

extension Data: PostgresEncodable {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.bytea }
    public var postgresParameter: PostgresParameter {
        PostgresParameter(typeOID: PostgresTypeOID.bytea, bytes: Array(self), isBinary: true)
    }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresTypeOID: UInt32 { Wrapped.postgresTypeOID }
    /// `nil` is SQL NULL.
    public var postgresParameter: PostgresParameter {
        switch self {
        case .some(let value): value.postgresParameter
        case .none: PostgresParameter(typeOID: Wrapped.postgresTypeOID, bytes: nil)
        }
    }
}

extension CivilDate: PostgresArrayElement {
    public static var postgresTypeOID: UInt32 { PostgresTypeOID.date }
    public static var postgresArrayTypeOID: UInt32 { PostgresTypeOID.dateArray }
    public var postgresArrayElementText: String { description }
}
