import Foundation
import Postgres

extension PostgresRow {
    /// The text in `column` as a value of the closed set `E`: an unknown value is a decoding error
    /// naming the column and the value, never a default.
    func decode<E: RawRepresentable & CaseIterable>(_ type: E.Type, column: String) throws(PostgresError) -> E
    where E.RawValue == String {
        let text = try decode(String.self, column: column)
        guard let value = E(rawValue: text) else {
            throw PostgresError(code: .decoding, message: "column '\(column)': unknown \(E.self) '\(text)'", column: column)
        }
        return value
    }

    /// As `decode(_:column:)`, NULL decoding to `nil`.
    func decode<E: RawRepresentable & CaseIterable>(_ type: E?.Type, column: String) throws(PostgresError) -> E?
    where E.RawValue == String {
        guard try decode(String?.self, column: column) != nil else { return nil }
        return try decode(E.self, column: column)
    }

    /// A text array whose every element is a value of `E`.
    func decode<E: RawRepresentable & CaseIterable>(_ type: [E].Type, column: String) throws(PostgresError) -> [E]
    where E.RawValue == String {
        try decode([String].self, column: column).map { text throws(PostgresError) -> E in
            guard let value = E(rawValue: text) else {
                throw PostgresError(code: .decoding, message: "column '\(column)': unknown \(E.self) '\(text)'", column: column)
            }
            return value
        }
    }
}
