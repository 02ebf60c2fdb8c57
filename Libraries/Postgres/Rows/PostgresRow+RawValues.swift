extension PostgresRow {
    /// The value of `column` as a `RawRepresentable` (an enum stored as text): an unknown raw value
    /// is an error naming the column and the value, never a default.
    public func decode<Value: RawRepresentable>(rawValue type: Value.Type, column: String) throws(PostgresError) -> Value
    where Value.RawValue: PostgresDecodable {
        let raw = try decode(Value.RawValue.self, column: column)
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': '\(raw)' is not a \(Value.self)", column: column)
        }
        return value
    }

    /// As ``decode(rawValue:column:)``, with SQL NULL as `nil`.
    public func decodeIfPresent<Value: RawRepresentable>(rawValue type: Value.Type, column: String) throws(PostgresError) -> Value?
    where Value.RawValue: PostgresDecodable {
        guard let raw = try decode(Value.RawValue?.self, column: column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': '\(raw)' is not a \(Value.self)", column: column)
        }
        return value
    }

    /// A one-dimensional array column of `RawRepresentable` values; an unknown element is an error.
    public func decode<Value: RawRepresentable>(rawValues type: Value.Type, column: String) throws(PostgresError) -> [Value]
    where Value.RawValue: PostgresArrayElement {
        let raws = try decode([Value.RawValue].self, column: column)
        var values: [Value] = []
        values.reserveCapacity(raws.count)
        for (index, raw) in raws.enumerated() {
            guard let value = Value(rawValue: raw) else {
                throw PostgresError(code: .decoding, message: "column '\(column)' element \(index + 1): '\(raw)' is not a \(Value.self)",
                                    column: column)
            }
            values.append(value)
        }
        return values
    }
}
