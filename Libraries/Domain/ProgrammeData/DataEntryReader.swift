import Foundation

/// Reads typed fields of one entry of a programme data file (a standard, a region, a service area
/// ...), throwing errors made by `error` so that they name the file, the entry and the field: the
/// one reader every programme file is checked with (``ProgrammeFile``).
struct DataEntryReader<Failure: Error> {
    let error: (_ field: String, _ problem: String) -> Failure

    init(_ error: @escaping (_ field: String, _ problem: String) -> Failure) {
        self.error = error
    }

    func error(_ field: String, _ problem: String) -> Failure {
        error(field, problem)
    }

    /// A required, non-empty text, trimmed.
    func text(_ value: CatalogueJSON?, _ field: String) throws(Failure) -> String {
        guard case .string(let text)? = value else { throw error(field, "is required (text), found \(value?.kind ?? "nothing")") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw error(field, "must not be empty") }
        return trimmed
    }

    /// An optional text: absent is `nil`, anything but non-empty text is refused.
    func optionalText(_ value: CatalogueJSON?, _ field: String) throws(Failure) -> String? {
        guard let value else { return nil }
        return try text(value, field)
    }

    /// A required whole number in `range`.
    func int(_ value: CatalogueJSON?, _ field: String, in range: ClosedRange<Int>) throws(Failure) -> Int {
        guard case .number(let number)? = value, number.rounded() == number, let whole = Int(exactly: number),
              range.contains(whole)
        else {
            throw error(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(value?.kind ?? "nothing")")
        }
        return whole
    }

    /// A field that must be present, holding a whole number in `range` or null.
    func optionalInt(_ fields: [String: CatalogueJSON], _ field: String,
                     in range: ClosedRange<Int>) throws(Failure) -> Int? {
        guard let value = fields[field] else {
            throw error(field, "is required (a whole number from \(range.lowerBound) to \(range.upperBound), or null)")
        }
        if case .null = value { return nil }
        guard case .number(let number) = value, let whole = Int(exactly: number), range.contains(whole) else {
            throw error(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound) or null, found \(value.kind)")
        }
        return whole
    }

    /// `true` or `false`; absent is `fallback`.
    func bool(_ value: CatalogueJSON?, _ field: String, default fallback: Bool) throws(Failure) -> Bool {
        guard let value else { return fallback }
        guard case .bool(let flag) = value else { throw error(field, "must be true or false, found \(value.kind)") }
        return flag
    }

    func oneOf<E: RawRepresentable & CaseIterable>(_ value: CatalogueJSON?, _ field: String,
                                                   as type: E.Type) throws(Failure) -> E
    where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .string(let text)? = value, let result = E(rawValue: text) else {
            throw error(field, "must be one of \(allowed), found \(value?.kind ?? "nothing")")
        }
        return result
    }

    func list<E: RawRepresentable & CaseIterable & Hashable>(_ value: CatalogueJSON?, _ field: String, as type: E.Type,
                                                             allowEmpty: Bool = false) throws(Failure) -> [E]
    where E.RawValue == String {
        guard case .array(let items)? = value else { throw error(field, "must be an array, found \(value?.kind ?? "nothing")") }
        guard allowEmpty || !items.isEmpty else { throw error(field, "must list at least one value") }
        var result: [E] = []
        for (index, item) in items.enumerated() {
            let element = try oneOf(item, "\(field)[\(index)]", as: type)
            guard !result.contains(element) else { throw error("\(field)[\(index)]", "'\(element.rawValue)' is listed twice") }
            result.append(element)
        }
        return result
    }

    /// An array of texts, without repeats.
    func texts(_ value: CatalogueJSON?, _ field: String, allowEmpty: Bool = true) throws(Failure) -> [String] {
        guard case .array(let items)? = value else { throw error(field, "must be an array, found \(value?.kind ?? "nothing")") }
        guard allowEmpty || !items.isEmpty else { throw error(field, "must list at least one value") }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let text = try text(item, "\(field)[\(index)]")
            guard !result.contains(text) else { throw error("\(field)[\(index)]", "'\(text)' is listed twice") }
            result.append(text)
        }
        return result
    }

    /// Refuses keys of `fields` outside `known` (a misspelt field would otherwise be ignored).
    func onlyKnown(_ fields: [String: CatalogueJSON], _ known: [String], of what: String) throws(Failure) {
        for key in fields.keys.sorted() where !known.contains(key) {
            throw error(key, "is not a field of \(what); fields: \(known.joined(separator: ", "))")
        }
    }
}
