import Foundation

/// An event as a consumer receives it: the validated header plus the original bytes, from which the
/// payload is decoded by type.
public struct IncomingEvent: Sendable {
    public let header: EventHeader
    /// The whole structured-mode message as received.
    public let bytes: [UInt8]

    /// Decodes and validates the envelope. Throws ``EventDecodingError`` naming what is wrong.
    public init(bytes: [UInt8]) throws(EventDecodingError) {
        let header: EventHeader
        do {
            header = try EventCoding.decoder.decode(EventHeader.self, from: Data(bytes))
        } catch {
            throw EventDecodingError(field: nil, reason: "not a CloudEvents JSON envelope: \(DecodingErrorText.describe(error))")
        }
        guard header.specversion == "1.0" else {
            throw EventDecodingError(field: "specversion", reason: "expected 1.0, found \(header.specversion)")
        }
        guard !header.type.isEmpty else { throw EventDecodingError(field: "type", reason: "is empty") }
        guard !header.source.isEmpty else { throw EventDecodingError(field: "source", reason: "is empty") }
        if let contentType = header.datacontenttype, !contentType.hasPrefix("application/json") {
            throw EventDecodingError(field: "datacontenttype", reason: "expected application/json, found \(contentType)")
        }
        self.header = header
        self.bytes = bytes
    }

    /// Decodes `data` as `Payload`, checking the event type matches.
    public func decode<Payload: EventPayload>(_ type: Payload.Type) throws(EventDecodingError) -> CloudEvent<Payload> {
        guard header.type == Payload.eventType else {
            throw EventDecodingError(field: "type", reason: "expected \(Payload.eventType), found \(header.type)")
        }
        do {
            return try EventCoding.decoder.decode(CloudEvent<Payload>.self, from: Data(bytes))
        } catch {
            throw EventDecodingError(field: "data", reason: DecodingErrorText.describe(error))
        }
    }
}

/// Why an event could not be read: the field at fault and the reason. Such events go to the
/// dead-letter topic with this text.
public struct EventDecodingError: Error, Sendable, CustomStringConvertible, Equatable {
    public let field: String?
    public let reason: String

    public init(field: String?, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        if let field { return "\(field): \(reason)" }
        return reason
    }
}

/// Renders Swift `DecodingError`s as one line naming the JSON path.
public enum DecodingErrorText {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "(root)" : p.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = context.codingPath.isEmpty ? "" : path(context) + "."
            return "\(parent)\(key.stringValue): required field is missing"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError as NSError?, context.codingPath.isEmpty {
                return "invalid JSON (\(underlying.localizedDescription))"
            }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
