import Foundation

/// A JSON value as the catalogue parser reads it: numbers, booleans and nulls stay distinct (so a
/// `true` is never taken for a 1), keys are kept as written.
enum CatalogueJSON: Decodable, Sendable {
    case object([String: CatalogueJSON])
    case array([CatalogueJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CatalogueJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CatalogueJSON].self))
        }
    }

    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string(let text): "the text '\(text.prefix(40))'"
        case .number(let number): "the number \(number)"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }
}
