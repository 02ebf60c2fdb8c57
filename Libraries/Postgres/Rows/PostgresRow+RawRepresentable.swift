/// Enums stored as text (a state machine's states, a closed vocabulary): decoded in one place, and
/// a value the enum does not know is a decoding error naming the column and the value, never a
/// silent default or a dropped element.
extension PostgresRow {
    /// The value of `column` as an enum with a text (or other decodable) raw value.
    public func decode<Value: RawRepresentable>(_ type: Value.Type, column: String) throws(PostgresError) -> Value
    where Value.RawValue: PostgresDecodable {
        let raw = try decode(Value.RawValue.self, column: column)
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': '\(raw)' is not a \(Value.self)", column: column)
        }
        return value
    }

    /// The value of `column` as an enum, or `nil` for NULL.
    public func decode<Value: RawRepresentable>(_ type: Value?.Type, column: String) throws(PostgresError) -> Value?
    where Value.RawValue: PostgresDecodable {
        guard let raw = try decode(Value.RawValue?.self, column: column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': '\(raw)' is not a \(Value.self)", column: column)
        }
        return value
    }

    /// An array column (`text[]`) as enums; one unknown element fails the whole decode.
    public func decode<Element: RawRepresentable>(_ type: [Element].Type, column: String) throws(PostgresError) -> [Element]
    where Element.RawValue: PostgresArrayElement {
        let raws = try decode([Element.RawValue].self, column: column)
        var values: [Element] = []
        values.reserveCapacity(raws.count)
        for raw in raws {
            guard let value = Element(rawValue: raw) else {
                throw PostgresError(code: .decoding, message: "column '\(column)': element '\(raw)' is not a \(Element.self)",
                                    column: column)
            }
            values.append(value)
        }
        return values
    }
}
