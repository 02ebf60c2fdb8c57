import Postgres

extension PostgresRow {
    /// A text column holding one of an enum's raw values; an unknown value is a decoding error
    /// naming the column and the value, never a silent default.
    func decode<Value: RawRepresentable>(enum type: Value.Type, column: String) throws(PostgresError) -> Value
    where Value.RawValue == String {
        let raw = try decode(String.self, column: column)
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': unknown \(Value.self) '\(raw)'", column: column)
        }
        return value
    }

    /// Like ``decode(enum:column:)`` for a nullable column.
    func decode<Value: RawRepresentable>(optionalEnum type: Value.Type, column: String) throws(PostgresError) -> Value?
    where Value.RawValue == String {
        guard let raw = try decode(String?.self, column: column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': unknown \(Value.self) '\(raw)'", column: column)
        }
        return value
    }
}
