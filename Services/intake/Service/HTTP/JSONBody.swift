import Contracts
import Foundation
import Hummingbird
import NIOCore

/// Reads a JSON request body into `T`: 415 for another media type, 413 above the context's limit,
/// 400 for JSON that does not parse or has the wrong shape (with the field), 422 naming a member an
/// object repeats (``RepeatedKeys``), every string that holds a control character (NUL and the like)
/// or a bidirectional formatting character, and every `null` (a member is left out, not set to null;
/// only a merge patch's top-level members may be null, to remove them), before any route sees it.
enum JSONBody {
    /// Shared by every request (coders are `Sendable`; none changes its settings).
    private static let decoder = JSONDecoder()
    /// Sorted keys: the canonical form of a body, for comparing retries of an `Idempotency-Key`.
    static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// The media types a route reads.
    enum MediaType {
        case json
        case mergePatch

        func accepts(_ contentType: String) -> Bool {
            let essence = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            switch self {
            case .json: return essence == "application/json"
            // A merge patch is JSON too; plain application/json is accepted for clients that cannot set the type.
            case .mergePatch: return essence == "application/merge-patch+json" || essence == "application/json"
            }
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext,
                                     as mediaType: MediaType = .json) async throws -> T {
        let bytes = try await read(from: request, context: context, as: mediaType)
        try screen(bytes, topLevelNulls: false)
        return try decode(type, bytes: bytes)
    }

    /// The raw JSON object of the body (checked as in `decode`), for merge patches.
    static func object(from request: Request, context: some RequestContext, as mediaType: MediaType) async throws -> [String: Any] {
        let bytes = try await read(from: request, context: context, as: mediaType)
        guard let object = try screen(bytes, topLevelNulls: true) as? [String: Any] else {
            throw Problem.malformedBody(Messages.bodyNotObject)
        }
        return object
    }

    static func read(from request: Request, context: some RequestContext, as mediaType: MediaType) async throws -> Data {
        let contentType = request.headers[.contentType]
        guard let contentType, mediaType.accepts(contentType) else {
            throw Problem.unsupportedMediaType(mediaType == .json ? Messages.contentType(contentType) : Messages.mergePatchType(contentType))
        }
        do {
            return Data(buffer: try await request.body.collect(upTo: context.maxUploadSize))
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit: context.maxUploadSize)
        }
    }

    /// Parses the body and refuses a repeated member name, strings (values or keys) with control or
    /// bidi characters and nulls (but the top level's where `topLevelNulls`), by pointer.
    @discardableResult
    static func screen(_ bytes: Data, topLevelNulls: Bool) throws -> Any {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed])
        } catch {
            throw Problem.malformedBody(Messages.malformedJSON("the body does not parse as JSON"))
        }
        if let repeated = RepeatedKeys.first(in: bytes) {
            throw Problem.validation([.init(field: TextRules.printable(repeated), detail: Messages.repeatedKey)])
        }
        var errors: [Problem.FieldError] = []
        collect(in: value, pointer: "", nullsAllowed: topLevelNulls, into: &errors)
        if !errors.isEmpty { throw Problem.validation(errors) }
        return value
    }

    private static func collect(in value: Any, pointer: String, nullsAllowed: Bool, into errors: inout [Problem.FieldError]) {
        if value is NSNull {
            if !nullsAllowed { errors.append(.init(field: pointer.isEmpty ? "/" : pointer, detail: Messages.notNull)) }
        } else if let text = value as? String {
            // Line breaks are fine in free text (descriptions); anything else below 0x20 is refused,
            // and bidirectional formatting characters anywhere (Domain's DisplayText).
            if let problem = TextRules.forbiddenCharacters(in: text, allowLineBreaks: true) {
                errors.append(.init(field: pointer.isEmpty ? "/" : pointer, detail: problem))
            }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() {
                collect(in: element, pointer: "\(pointer)/\(index)", nullsAllowed: false, into: &errors)
            }
        } else if let object = value as? [String: Any] {
            for (key, element) in object {
                let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                if let problem = TextRules.forbiddenCharacters(in: key, allowLineBreaks: false) {
                    errors.append(.init(field: "\(pointer)/\(TextRules.printable(escaped))", detail: problem))
                    continue
                }
                collect(in: element, pointer: "\(pointer)/\(escaped)", nullsAllowed: nullsAllowed && pointer.isEmpty, into: &errors)
            }
        }
    }

    /// Decodes already-screened JSON bytes into `T`, with a 400 naming the field of the wrong type.
    static func decode<T: Decodable>(_ type: T.Type, bytes: Data) throws -> T {
        do {
            return try decoder.decode(T.self, from: bytes)
        } catch let error as DecodingError {
            let (path, reason) = describe(error)
            throw Problem.malformedBody(LocalizedText(th: "\(path.isEmpty ? "เนื้อหา" : path): ชนิดข้อมูลไม่ถูกต้อง (\(reason))",
                                                      en: "\(path.isEmpty ? "body" : path): \(reason)"),
                                        field: path.isEmpty ? nil : path)
        }
    }

    private static func describe(_ error: DecodingError) -> (String, String) {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { key in key.intValue.map(String.init) ?? key.stringValue }.map { "/" + $0 }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context): return (pointer(context.codingPath), "expected \(type)")
        case .valueNotFound(let type, let context): return (pointer(context.codingPath), "expected \(type), found null")
        case .keyNotFound(let key, let context): return (pointer(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context): return (pointer(context.codingPath), context.debugDescription)
        @unknown default: return ("", "\(error)")
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
