import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Timestamps

/// Collects every field error of a request body (not only the first) so one 422 answer lists them all.
struct Validation {
    private(set) var errors: [Problem.FieldError] = []

    mutating func fail(_ field: String, _ detail: String) {
        errors.append(.init(field: field, detail: detail))
    }

    /// A required, trimmed, non-empty text of at most `maxLength` characters.
    mutating func text(_ value: String?, _ field: String, maxLength: Int) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            fail(field, "is required")
            return nil
        }
        guard value.count <= maxLength else {
            fail(field, "must be at most \(maxLength) characters, found \(value.count)")
            return nil
        }
        return value
    }

    /// An optional text: `nil` stays `nil`, otherwise as `text`.
    mutating func optionalText(_ value: String?, _ field: String, maxLength: Int) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text(value, field, maxLength: maxLength)
    }

    /// A required value of a closed set.
    mutating func oneOf<E: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let raw else {
            fail(field, "is required")
            return nil
        }
        return optionalOneOf(raw, field, as: type)
    }

    /// An optional value of a closed set.
    mutating func optionalOneOf<E: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let raw else { return nil }
        guard let value = E(rawValue: raw) else {
            fail(field, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", ")); found '\(raw)'")
            return nil
        }
        return value
    }

    /// A non-empty list of values of a closed set, without repeats.
    mutating func list<E: RawRepresentable & CaseIterable & Hashable>(_ raws: [String]?, _ field: String, as type: E.Type,
                                                                      allowEmpty: Bool = false) -> [E]?
    where E.RawValue == String {
        guard let raws else {
            if allowEmpty { return [] }
            fail(field, "is required")
            return nil
        }
        if raws.isEmpty && !allowEmpty {
            fail(field, "must list at least one value")
            return nil
        }
        var result: [E] = []
        var ok = true
        for (i, raw) in raws.enumerated() {
            guard let value = optionalOneOf(raw, "\(field)[\(i)]", as: type) else { ok = false; continue }
            if result.contains(value) {
                fail("\(field)[\(i)]", "'\(raw)' is listed twice")
                ok = false
            }
            result.append(value)
        }
        return ok ? result : nil
    }

    /// A province ISO code (`TH-50`).
    mutating func province(_ code: String?, _ field: String) -> Province? {
        guard let code else {
            fail(field, "is required")
            return nil
        }
        guard let province = Province.withCode(code) else {
            fail(field, "must be a Thai province ISO 3166-2 code such as TH-50; found '\(code)'")
            return nil
        }
        return province
    }

    /// An integer within a range.
    mutating func int(_ value: Int?, _ field: String, in range: ClosedRange<Int>, required: Bool) -> Int? {
        guard let value else {
            if required { fail(field, "is required") }
            return nil
        }
        guard range.contains(value) else {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    /// An e-mail address of plausible shape.
    mutating func email(_ value: String?, _ field: String) -> String? {
        guard let value = optionalText(value, field, maxLength: 254) else { return nil }
        let parts = value.split(separator: "@")
        guard parts.count == 2, parts[1].contains("."), !value.contains(" ") else {
            fail(field, "must be an e-mail address")
            return nil
        }
        return value
    }

    /// A Thai phone number: `+66` or `0` then 8–9 digits.
    mutating func phone(_ value: String?, _ field: String) -> String? {
        guard let value = optionalText(value, field, maxLength: 20) else { return nil }
        let digits = value.filter { !"- ".contains($0) }
        let national = digits.hasPrefix("+66") ? "0" + digits.dropFirst(3) : digits
        guard national.hasPrefix("0"), (9...10).contains(national.count), national.allSatisfy(\.isNumber) else {
            fail(field, "must be a Thai phone number such as 081-234-5678 or +66812345678")
            return nil
        }
        return "+66" + national.dropFirst()
    }

    /// A calendar date `YYYY-MM-DD`, optional unless `required`.
    mutating func date(_ value: String?, _ field: String, required: Bool = false) -> CivilDate? {
        guard let value else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let date = CivilDate(value) else {
            fail(field, "must be a date YYYY-MM-DD, found '\(value.prefix(40))'")
            return nil
        }
        return date
    }

    /// An optional UUID.
    mutating func uuid(_ value: String?, _ field: String) -> UUID? {
        guard let value else { return nil }
        guard let id = UUID(uuidString: value) else {
            fail(field, "must be a UUID")
            return nil
        }
        return id
    }

    /// Throws 422 with every collected error, if any.
    func finish() throws(Problem) {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }
}

/// Reads a JSON request body into `T`, answering 415/400 with the field at fault.
enum JSONBody {
    /// Shared by every request (coders are `Sendable`; none changes its settings).
    private static let decoder = JSONDecoder()
    /// Sorted keys: the canonical form of a body, for comparing retries of an `Idempotency-Key`.
    static let canonicalEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let contentType = request.headers[.contentType]
        guard let contentType, contentType.lowercased().hasPrefix("application/json") else {
            throw Problem.unsupportedMediaType(contentType)
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try decoder.decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            let text = DecodingErrorText.describe(error)
            let field = text.split(separator: ":").first.map(String.init).flatMap { $0.hasPrefix("invalid JSON") ? nil : $0 }
            throw Problem.malformedBody(text, field: field)
        }
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        self.init(buffer.readableBytesView)
    }
}
