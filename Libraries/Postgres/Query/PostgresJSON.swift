import Foundation

/// A `jsonb` value: sent as a parameter, or read from a column and decoded into a Swift type.
public struct PostgresJSON: Sendable, Equatable, PostgresEncodable, PostgresDecodable {
    /// The JSON text as UTF-8.
    public var rawJSON: [UInt8]

    public init(rawJSON: [UInt8]) {
        self.rawJSON = rawJSON
    }

    /// Encodes `value` with `encoder` (sorted keys by default, so equal values give equal text).
    public init<Value: Encodable>(_ value: Value, encoder: JSONEncoder = PostgresJSON.defaultEncoder) throws(PostgresError) {
        do {
            rawJSON = Array(try encoder.encode(value))
        } catch {
            throw PostgresError(code: .encoding, message: "could not encode \(Value.self) as JSON: \(error)")
        }
    }

    /// Decodes the JSON into `type`.
    public func decode<Value: Decodable>(_ type: Value.Type, decoder: JSONDecoder = JSONDecoder()) throws(PostgresError) -> Value {
        do {
            return try decoder.decode(type, from: Data(rawJSON))
        } catch {
            throw PostgresError(code: .decoding, message: "could not decode \(Value.self) from JSON: \(error)")
        }
    }

    /// The encoder ``init(_:encoder:)`` uses unless told otherwise.
    public static var defaultEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    public static var postgresTypeOID: UInt32 { PostgresTypeOID.jsonb }

    public var postgresParameter: PostgresParameter {
        PostgresParameter(typeOID: PostgresTypeOID.jsonb, bytes: rawJSON)
    }

    public static func postgresDecode(_ value: PostgresValue) throws(PostgresDecodingFailure) -> PostgresJSON {
        PostgresJSON(rawJSON: Array(try value.requireText().utf8))
    }
}
