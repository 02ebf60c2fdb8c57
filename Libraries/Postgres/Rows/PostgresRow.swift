import Foundation

/// The columns of one result: names, positions and types, shared by all rows of that result.
public final class PostgresColumns: Sendable {
    public let names: [String]
    public let typeOIDs: [UInt32]
    let positions: [String: Int]

    init(names: [String], typeOIDs: [UInt32]) {
        self.names = names
        self.typeOIDs = typeOIDs
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }
}

/// One row of a result. Values are decoded by column name into Swift types; a failure names the
/// column, the Swift type and what was wrong.
public struct PostgresRow: Sendable {
    public let columns: PostgresColumns
    let values: [String?]

    init(columns: PostgresColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column` as `type`. Decode an `Optional` to accept NULL.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, column: String) throws(PostgresError) -> Value {
        guard let position = columns.positions[column] else {
            throw PostgresError(code: .decoding, message: "no column '\(column)' in the result (columns: \(columns.names.joined(separator: ", ")))",
                                column: column)
        }
        let value = PostgresValue(typeOID: columns.typeOIDs[position], text: values[position])
        do {
            return try Value.postgresDecode(value)
        } catch {
            throw PostgresError(code: .decoding,
                                message: "column '\(column)' (type oid \(value.typeOID)) as \(Value.self): \(error.reason)",
                                column: column)
        }
    }

    /// The JSON in `column` (`json`/`jsonb`/text) decoded into `type`.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, column: String,
                                             decoder: JSONDecoder = JSONDecoder()) throws(PostgresError) -> Value {
        let json = try decode(PostgresJSON.self, column: column)
        do {
            return try json.decode(type, decoder: decoder)
        } catch {
            var failure = error
            failure.message = "column '\(column)': \(error.message)"
            failure.column = column
            throw failure
        }
    }

    /// The raw text of `column` (`nil` for NULL or an unknown column).
    public subscript(column: String) -> String? {
        columns.positions[column].flatMap { values[$0] }
    }
}
