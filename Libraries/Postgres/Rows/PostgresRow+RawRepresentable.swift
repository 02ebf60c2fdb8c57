/// Enums stored as text (a state machine's states, a closed vocabulary) decode like any other
/// value, with the same call: `row.decode(RequestStatus.self, column: "status")`, `RequestStatus?`
/// for a nullable column, `[ServiceArea]` for an array column. A value the enum does not know is a
/// decoding error naming the column and the value, never a silent default or a dropped element:
///
/// ```
/// PostgreSQL decoding: column 'status': 'archived' is not a RequestStatus
/// ```
extension PostgresRow {
    /// The value of `column` as an enum with a text (or other decodable) raw value.
    public func decode<Value: RawRepresentable>(_ type: Value.Type, column: String) throws(PostgresError) -> Value
    where Value.RawValue: PostgresDecodable {
        try Self.value(Value.self, raw: decode(Value.RawValue.self, column: column), column: column)
    }

    /// The value of `column` as an enum, or `nil` for NULL.
    public func decode<Value: RawRepresentable>(_ type: Value?.Type, column: String) throws(PostgresError) -> Value?
    where Value.RawValue: PostgresDecodable {
        guard let raw = try decode(Value.RawValue?.self, column: column) else { return nil }
        return try Self.value(Value.self, raw: raw, column: column)
    }

    /// An array column (`text[]`) as enums; one unknown element fails the whole decode, naming it.
    public func decode<Element: RawRepresentable>(_ type: [Element].Type, column: String) throws(PostgresError) -> [Element]
    where Element.RawValue: PostgresArrayElement {
        let raws = try decode([Element.RawValue].self, column: column)
        var values: [Element] = []
        values.reserveCapacity(raws.count)
        for (index, raw) in raws.enumerated() {
            values.append(try Self.value(Element.self, raw: raw, column: column, element: index + 1))
        }
        return values
    }

    private static func value<Value: RawRepresentable>(_ type: Value.Type, raw: Value.RawValue, column: String,
                                                       element: Int? = nil) throws(PostgresError) -> Value {
        guard let value = Value(rawValue: raw) else {
            let place = element.map { "column '\(column)' element \($0)" } ?? "column '\(column)'"
            throw PostgresError(code: .decoding, message: "\(place): '\(raw)' is not a \(Value.self)", column: column)
        }
        return value
    }
}
