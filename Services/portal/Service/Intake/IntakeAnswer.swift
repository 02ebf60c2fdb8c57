import Foundation

/// An intake answer the portal keeps: status, the headers pages use, the body.
public struct IntakeAnswer: Sendable {
    public var status: Int
    public var location: String?
    public var etag: String?
    public var body: Data
    /// `Retry-After` in seconds (a 429).
    public var retryAfter: Int?

    /// The body decoded as intake's JSON.
    public func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try IntakeJSON.decoder.decode(type, from: body)
    }
}

/// Intake's JSON dates (RFC 3339, with or without fractions) and decoder.
enum IntakeJSON {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = parse(text) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an RFC 3339 date-time: \(text)"))
        }
        return decoder
    }()

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
