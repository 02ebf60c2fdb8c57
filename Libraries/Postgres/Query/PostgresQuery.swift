/// A statement and its parameters. Written as a string with interpolations, every interpolated
/// value becomes a `$n` parameter sent separately from the SQL text, so values can never change the
/// statement: `"SELECT * FROM t WHERE id = \(id)"`. Identifiers (schema names chosen by code) go
/// through `\(identifier: name)`, which quotes them.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation {
    /// The SQL with `$1`, `$2`... placeholders.
    public var sql: String
    /// The values for the placeholders, in order.
    public var parameters: [PostgresParameter]

    /// A statement with explicit placeholders and values.
    public init(sql: String, parameters: [PostgresParameter] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    public init(stringLiteral value: String) {
        self.init(sql: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(sql: stringInterpolation.sql, parameters: stringInterpolation.parameters)
    }

    /// Builds ``PostgresQuery`` from a string literal with interpolated values.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var parameters: [PostgresParameter] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value, sent as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            parameters.append(value.postgresParameter)
            sql += "$\(parameters.count)"
        }

        /// An optional value: `nil` is sent as NULL. (Its own overload so the compiler does not
        /// take it for a debug description of an optional.)
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            parameters.append(value.postgresParameter)
            sql += "$\(parameters.count)"
        }

        /// A piece of SQL fixed at compile time (a column list shared by the queries that decode one
        /// row type): a `StaticString` cannot carry a value, so nothing can be injected through it.
        public mutating func appendInterpolation(sql fragment: StaticString) {
            sql += fragment.description
        }

        /// An identifier (schema, table, database name), double-quoted with embedded quotes doubled.
        public mutating func appendInterpolation(identifier: String) {
            sql += "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
