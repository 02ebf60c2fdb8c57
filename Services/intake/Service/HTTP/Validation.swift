import Contracts
import Domain
import Foundation
import Hummingbird
import Logging
import Timestamps

/// Collects every field error of a request (not only the first) so one 422 answer lists them all.
/// Fields are named by their dotted path (`products[0].name`) and answered as JSON Pointers.
struct Validation {
    private(set) var errors: [Problem.FieldError] = []
    /// For each error of a rule between fields, the top-level members the rule involves (a merge
    /// patch that did not send all of them conflicts with the stored state: 409, not 422).
    private(set) var involved: [Int: Set<String>] = [:]

    mutating func fail(_ field: String, _ detail: LocalizedText) {
        errors.append(.init(field: field, detail: detail))
    }

    /// A failure of a rule between the top-level members `involves` (e.g. provinces or regions).
    mutating func failRule(_ field: String, _ detail: LocalizedText, involves: Set<String>) {
        involved[errors.count] = involves
        fail(field, detail)
    }

    /// A query parameter or header at fault.
    mutating func failParameter(_ name: String, _ detail: LocalizedText) {
        errors.append(.init(parameter: name, detail: detail))
    }

    /// A required text of at most `maxLength` Unicode code points (as JSON Schema counts) that Domain's
    /// ``DisplayText`` rule accepts: no control characters (line breaks allowed in long texts), no
    /// bidirectional formatting characters, something visible (not only white space and zero-width
    /// characters); stored trimmed. The document's pattern of every such member is that rule.
    mutating func text(_ value: String?, _ field: String, maxLength: Int) -> String? {
        guard let value else {
            fail(field, Messages.required)
            return nil
        }
        let lineBreaks = maxLength > 300
        if let problem = DisplayText.problem(in: value, lineBreaks: lineBreaks), problem != .invisibleOnly {
            fail(field, TextRules.message(problem))
            return nil
        }
        guard value.unicodeScalars.count <= maxLength else {
            fail(field, Messages.tooLong(maxLength, found: value.unicodeScalars.count))
            return nil
        }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            fail(field, Messages.empty)
            return nil
        }
        if DisplayText.problem(in: value, lineBreaks: lineBreaks) == .invisibleOnly {
            fail(field, Messages.invisibleOnly)
            return nil
        }
        return trimmed
    }

    /// An optional text: `nil` stays `nil`, otherwise as `text` (an empty text is refused, as the document says).
    mutating func optionalText(_ value: String?, _ field: String, maxLength: Int) -> String? {
        guard let value else { return nil }
        return text(value, field, maxLength: maxLength)
    }

    /// A required value of a closed set.
    mutating func oneOf<E: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as type: E.Type) -> E?
    where E.RawValue == String {
        guard let raw else {
            fail(field, Messages.required)
            return nil
        }
        return optionalOneOf(raw, field, as: type)
    }

    /// An optional value of a closed set.
    mutating func optionalOneOf<E: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, as type: E.Type) -> E?
    where E.RawValue == String {
        let (value, problem) = Self.member(raw, of: E.self)
        if let problem { fail(field, problem) }
        return value
    }

    /// The member of `E` that `raw` names, or the problem naming the allowed values (neither when absent).
    private static func member<E: RawRepresentable & CaseIterable>(_ raw: String?, of type: E.Type) -> (E?, LocalizedText?)
    where E.RawValue == String {
        guard let raw else { return (nil, nil) }
        guard let value = E(rawValue: raw) else {
            return (nil, Messages.oneOf(E.allCases.map(\.rawValue), found: TextRules.printable(raw)))
        }
        return (value, nil)
    }

    /// A list of values of a closed set, without repeats; non-empty unless `allowEmpty`.
    mutating func list<E: RawRepresentable & CaseIterable & Hashable>(_ raws: [String]?, _ field: String, as type: E.Type,
                                                                      allowEmpty: Bool = false) -> [E]?
    where E.RawValue == String {
        guard let raws else {
            if allowEmpty { return [] }
            fail(field, Messages.required)
            return nil
        }
        if raws.isEmpty && !allowEmpty {
            fail(field, Messages.atLeastOne)
            return nil
        }
        var result: [E] = []
        var ok = true
        for (i, raw) in raws.enumerated() {
            guard let value = optionalOneOf(raw, "\(field)[\(i)]", as: type) else { ok = false; continue }
            if result.contains(value) {
                fail("\(field)[\(i)]", Messages.listedTwice(raw))
                ok = false
            }
            result.append(value)
        }
        return ok ? result : nil
    }

    /// A list of at most `maxCount` items.
    mutating func count<T>(_ items: [T]?, _ field: String, max maxCount: Int, required: Bool) -> [T] {
        guard let items else {
            if required { fail(field, Messages.required) }
            return []
        }
        if required && items.isEmpty { fail(field, Messages.atLeastOne) }
        if items.count > maxCount {
            fail(field, Messages.atMost(maxCount))
            return []
        }
        return items
    }

    /// An optional registration number: 13 digits as the document's pattern has them (no
    /// separators), the last the check digit of the first twelve, by Domain's one rule
    /// (``ThaiIdentificationNumber``) that the CSV import applies too. `field` is a top-level
    /// member: a merge patch that left a stored number of the wrong form untouched conflicts with
    /// the state (409) rather than being invalid itself.
    mutating func registrationNumber(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        guard value.count == 13, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            failRule(field, Messages.registrationNumber, involves: [field])
            return nil
        }
        guard let number = try? ThaiIdentificationNumber(value) else {
            failRule(field, Messages.registrationCheckDigit, involves: [field])
            return nil
        }
        return number.digits
    }

    /// A province ISO code (`TH-50`).
    mutating func province(_ code: String?, _ field: String) -> Province? {
        guard let code else {
            fail(field, Messages.required)
            return nil
        }
        guard let province = Self.province(exactly: code) else {
            fail(field, Messages.province(TextRules.printable(code)))
            return nil
        }
        return province
    }

    /// The province with exactly this ISO code (`TH-50`, not `th-50`), as bodies and query
    /// parameters both spell it.
    static func province(exactly code: String) -> Province? {
        Province.withCode(code).flatMap { $0.isoCode == code ? $0 : nil }
    }

    /// An integer within a range.
    mutating func int(_ value: Int?, _ field: String, in range: ClosedRange<Int>, required: Bool) -> Int? {
        if let problem = Self.rangeProblem(value, in: range, required: required) {
            fail(field, problem)
            return nil
        }
        return value
    }

    /// What is wrong with `value` for `range` (missing when required, or outside), `nil` if nothing.
    private static func rangeProblem(_ value: Int?, in range: ClosedRange<Int>, required: Bool) -> LocalizedText? {
        guard let value else { return required ? Messages.required : nil }
        return range.contains(value) ? nil : Messages.between(range.lowerBound, range.upperBound, found: "\(value)")
    }

    /// A UUID given as text.
    mutating func uuid(_ value: String?, _ field: String, required: Bool) -> UUID? {
        guard let value else {
            if required { fail(field, Messages.required) }
            return nil
        }
        guard let id = UUID(uuidString: value) else {
            fail(field, Messages.uuid)
            return nil
        }
        return id
    }

    /// An optional e-mail address: a local part and a domain of at least two labels, nothing around
    /// it, no white space (the document's pattern, exactly).
    mutating func email(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        guard value.unicodeScalars.count <= 254, TextRules.forbiddenCharacters(in: value, allowLineBreaks: false) == nil,
              TextRules.isEmail(value) else {
            fail(field, Messages.email)
            return nil
        }
        return value
    }

    /// An optional Thai phone number, `0` or `+66` then 8–9 digits, digits grouped by single `-`
    /// or spaces, nothing around it (the document's pattern); stored as `+66…`.
    mutating func phone(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        guard let national = TextRules.thaiPhone(value) else {
            fail(field, Messages.phone)
            return nil
        }
        return "+66" + national.dropFirst()
    }

    /// A calendar date `YYYY-MM-DD`, optional unless `required`.
    mutating func date(_ value: String?, _ field: String, required: Bool = false) -> CivilDate? {
        guard let value else {
            if required { fail(field, Messages.required) }
            return nil
        }
        guard let date = CivilDate(value) else {
            fail(field, Messages.date)
            return nil
        }
        return date
    }

    /// An optional UUID.
    mutating func uuid(_ value: String?, _ field: String) -> UUID? {
        uuid(value, field, required: false)
    }

    /// An optional query parameter from a closed set (the problem names the parameter).
    mutating func parameter<E: RawRepresentable & CaseIterable>(_ raw: String?, _ name: String, as type: E.Type) -> E?
    where E.RawValue == String {
        let (value, problem) = Self.member(raw, of: E.self)
        if let problem { failParameter(name, problem) }
        return value
    }

    /// A query parameter holding an integer in `range` (the problem names the parameter and quotes
    /// what was sent).
    mutating func intParameter(_ raw: String?, _ name: String, in range: ClosedRange<Int>, required: Bool) -> Int? {
        let value = raw.flatMap { Int($0) }
        let problem = raw != nil && value == nil ? Messages.integer : Self.rangeProblem(value, in: range, required: required)
        if let problem {
            failParameter(name, problem)
            return nil
        }
        return value
    }

    /// An optional query parameter `true` or `false` (the problem names the parameter and quotes what was sent).
    mutating func booleanParameter(_ raw: String?, _ name: String) -> Bool? {
        switch raw {
        case nil: return nil
        case "true": return true
        case "false": return false
        case let raw?:
            failParameter(name, Messages.oneOf(["true", "false"], found: TextRules.printable(raw)))
            return nil
        }
    }

    /// An optional query parameter holding a date `YYYY-MM-DD` (the problem names the parameter).
    mutating func dateParameter(_ raw: String?, _ name: String) -> CivilDate? {
        guard let raw else { return nil }
        guard let date = CivilDate(raw) else {
            failParameter(name, Messages.date)
            return nil
        }
        return date
    }

    /// What a standard implies for a body naming it: a product when the standard certifies products
    /// (reported under `productField`), no `validUntil` when its certificates do not expire.
    mutating func standardImplies(_ standard: StandardCode, _ definition: StandardDefinition, hasProduct: Bool, validUntil: String?,
                                  productField: String, untilField: String) {
        if definition.scope == .product && !hasProduct { fail(productField, Messages.productScoped(standard)) }
        if !definition.expires && validUntil != nil { fail(untilField, Messages.noExpiry(standard)) }
    }

    /// An optional query parameter holding a province's ISO code (the problem names the parameter).
    mutating func provinceParameter(_ raw: String?, _ name: String) -> Province? {
        guard let raw else { return nil }
        guard let province = Self.province(exactly: raw) else {
            failParameter(name, Messages.province(TextRules.printable(raw)))
            return nil
        }
        return province
    }

    /// An optional query parameter holding a UUID (the problem names the parameter).
    mutating func uuidParameter(_ raw: String?, _ name: String) -> UUID? {
        guard let raw else { return nil }
        guard let id = UUID(uuidString: raw) else {
            failParameter(name, Messages.uuid)
            return nil
        }
        return id
    }

    /// An optional query parameter holding a comma-separated list of values of a closed set
    /// (`status=unmatched,waitlisted`), without repeats; the problem names the parameter and the value.
    mutating func listParameter<E: RawRepresentable & CaseIterable & Equatable>(_ raw: String?, _ name: String,
                                                                              as type: E.Type) -> [E]?
    where E.RawValue == String {
        guard let raw else { return nil }
        var values: [E] = []
        for item in raw.split(separator: ",", omittingEmptySubsequences: false) {
            let (value, problem) = Self.member(String(item), of: E.self)
            if let problem {
                failParameter(name, problem)
                return nil
            }
            if let value, !values.contains(value) { values.append(value) }
        }
        return values
    }

    /// An optional query parameter holding an RFC 3339 date-time with its offset (`2026-12-10T03:00:00Z`).
    mutating func timestampParameter(_ raw: String?, _ name: String) -> Date? {
        guard let raw else { return nil }
        guard raw.count <= 40, let date = RFC3339.date(from: raw) else {
            failParameter(name, Messages.timestamp)
            return nil
        }
        return date
    }

    /// Throws 422 with every collected error, if any.
    func finish() throws(Problem) {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// Throws for the errors of a merged patch: 422 when the patch document itself is wrong (a
    /// member it sends is invalid, or a rule fails between members it all sends); 409 when only
    /// rules fail that involve members the patch left as stored (the change conflicts with the
    /// state, RFC 5789 §2.2).
    func finish(patch: [String: Any]) throws(Problem) {
        guard !errors.isEmpty else { return }
        let sent = Set(patch.keys)
        let conflictsOnly = errors.indices.allSatisfy { index in
            guard let members = involved[index] else { return false }
            return !members.isSubset(of: sent)
        }
        if conflictsOnly {
            throw Problem(status: .conflict, type: "/problems/patch-conflicts-with-state", title: Messages.conflictTitle,
                          detail: Messages.patchConflict(errors.map(\.location)), errors: errors)
        }
        throw Problem.validation(errors)
    }
}
