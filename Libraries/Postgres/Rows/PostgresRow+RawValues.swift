extension PostgresRow {
    /// The older spelling of ``decode(_:column:)`` for enums, kept only until intake's stores use
    /// that one (removed with them).
    public func decode<Value: RawRepresentable>(rawValue type: Value.Type, column: String) throws(PostgresError) -> Value
    where Value.RawValue: PostgresDecodable {
        try decode(Value.self, column: column)
    }

    /// The older spelling of ``decode(_:column:)`` for nullable enums (see above).
    public func decodeIfPresent<Value: RawRepresentable>(rawValue type: Value.Type, column: String) throws(PostgresError) -> Value?
    where Value.RawValue: PostgresDecodable {
        try decode(Value?.self, column: column)
    }

    /// The older spelling of ``decode(_:column:)`` for enum arrays (see above).
    public func decode<Value: RawRepresentable>(rawValues type: Value.Type, column: String) throws(PostgresError) -> [Value]
    where Value.RawValue: PostgresArrayElement {
        try decode([Value].self, column: column)
    }
}
