import Foundation
import Timestamps

/// The JSON coding every service uses for events: RFC 3339 timestamps with fractional seconds in
/// UTC, sorted keys (stable bytes for the same event), and UTF-8 Thai text left unescaped.
public enum EventCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }

    /// One ``encoder`` shared by the callers that only encode with it (coders are `Sendable`): an
    /// event no longer pays for building an encoder and its date strategy. Never change its settings.
    public static let sharedEncoder: JSONEncoder = encoder

    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp")
            }
            return date
        }
        return decoder
    }
}

/// RFC 3339 timestamps in UTC with microseconds (`2026-11-25T04:30:00.123000Z`), the precision
/// PostgreSQL keeps, so a time read back from an event equals the one stored. Reading accepts any
/// number of fraction digits and `Z` or a numeric offset.
public enum RFC3339 {
    public static func string(from date: Date) -> String {
        UTCTimestamp.string(from: date, style: .rfc3339)
    }

    public static func date(from text: String) -> Date? {
        UTCTimestamp.date(from: text, style: .rfc3339)
    }
}
