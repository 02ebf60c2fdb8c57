/// One statement parameter as libpq sends it: a type OID (0 lets the server infer it), the value's
/// bytes (`nil` is SQL NULL) and whether the bytes are the binary or the text form.
public struct PostgresParameter: Sendable, Equatable {
    public var typeOID: UInt32
    public var bytes: [UInt8]?
    public var isBinary: Bool

    public init(typeOID: UInt32, bytes: [UInt8]?, isBinary: Bool = false) {
        self.typeOID = typeOID
        self.bytes = bytes
        self.isBinary = isBinary
    }

    /// A text-form parameter.
    public init(typeOID: UInt32, text: String) {
        self.init(typeOID: typeOID, bytes: Array(text.utf8))
    }
}

/// Type OIDs from `pg_type` used by the built-in encoders and decoders.
public enum PostgresTypeOID {
    public static let unknown: UInt32 = 0
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let float8: UInt32 = 701
    public static let date: UInt32 = 1082
    public static let timestamptz: UInt32 = 1184
    public static let uuid: UInt32 = 2950
    public static let jsonb: UInt32 = 3802
    public static let boolArray: UInt32 = 1000
    public static let int2Array: UInt32 = 1005
    public static let int4Array: UInt32 = 1007
    public static let textArray: UInt32 = 1009
    public static let int8Array: UInt32 = 1016
    public static let float8Array: UInt32 = 1022
    public static let dateArray: UInt32 = 1182
    public static let timestamptzArray: UInt32 = 1185
    public static let uuidArray: UInt32 = 2951
}
