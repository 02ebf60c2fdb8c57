import Contracts
import Domain
import Foundation

/// Reads one row's cells into typed values, column by column, keeping every problem found with
/// its row and column (not only the first), as the API's `Validation` does for a JSON body.
///
/// A blank cell, or a column the file does not have, reads as `nil` without a problem; the
/// `required...` readers report it. Texts are trimmed and runs of spaces made one.
struct RowReader {
    let record: CSVTable.Record
    let layout: ColumnLayout
    private(set) var problems: [RowProblem] = []

    /// Cells of a list are separated by `;` or by line breaks within the cell (Alt+Enter in Excel).
    static let listSeparators: Set<Character> = [";", "\n", "\r", "\r\n", "\u{2028}"]

    init(record: CSVTable.Record, layout: ColumnLayout) {
        self.record = record
        self.layout = layout
    }

    var row: Int { record.row }

    /// Whether the row has as many cells as the header has columns (extra blank cells at the end
    /// are fine); reports the difference otherwise, since the cells may then sit under the wrong
    /// columns.
    mutating func checkWidth() -> Bool {
        let cells = record.cells
        if cells.count > layout.width, cells[layout.width...].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
            fail(nil, .tooManyCells(found: cells.count, header: layout.width))
            return false
        }
        if cells.count < layout.width {
            fail(nil, .tooFewCells(found: cells.count, header: layout.width))
            return false
        }
        return true
    }

    /// Whether the cells of each column the header names more than once agree in this row: the same
    /// text, runs of white space aside (blank cells agree with anything; `เชียงใหม่` and `TH-50`
    /// do not, nor `1,200` and `1200`: which of two spellings was meant is the officer's call);
    /// reports the values otherwise. A row that fails here is still
    /// read, from each column's first non-blank cell, so its other problems are reported too.
    mutating func checkRepeatedColumns() {
        for field in layout.repeated.keys.sorted() {
            var values: [String] = []
            for value in layout.positions(of: field).compactMap(cell(at:)).map(ImportText.collapsed) where !values.contains(value) {
                values.append(value)
            }
            if values.count > 1 {
                fail(field, .repeatedColumnsDisagree(headers: layout.positions(of: field).map { layout.cells[$0] }, values: values))
            }
        }
    }

    mutating func fail(_ field: String?, _ issue: ImportIssue) {
        problems.append(RowProblem(row: record.row, field: field, issue: issue))
    }

    /// The trimmed cell of `field` (the first non-blank one, when the header names the column more
    /// than once); `nil` when blank or when the file has no such column.
    func cell(_ field: String) -> String? {
        guard let first = layout.index[field] else { return nil }
        if let text = cell(at: first) { return text }
        return layout.repeated[field]?.lazy.compactMap { cell(at: $0) }.first
    }

    private func cell(at position: Int) -> String? {
        guard position < record.cells.count else { return nil }
        let text = record.cells[position].trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// Whether any of `fields` has a value in this row.
    func anyFilled(_ fields: [String]) -> Bool {
        fields.contains { cell($0) != nil }
    }

    /// A one-line text of at most `maxLength` characters.
    mutating func text(_ field: String, maxLength: Int) -> String? {
        guard let raw = cell(field) else { return nil }
        return clean(raw, field, maxLength: maxLength)
    }

    /// As ``text(_:maxLength:)``, reporting a blank cell.
    mutating func requiredText(_ field: String, maxLength: Int) -> String? {
        guard cell(field) != nil else {
            fail(field, .required)
            return nil
        }
        return text(field, maxLength: maxLength)
    }

    /// A value of a closed list.
    mutating func value<Value>(_ field: String, in vocabulary: Vocabulary<Value>) -> Value? {
        guard let raw = cell(field) else { return nil }
        guard let value = vocabulary.value(raw) else {
            fail(field, .notAccepted(found: raw, accepted: vocabulary.accepted))
            return nil
        }
        return value
    }

    /// Values of a closed list in one cell, without repeats; `nil` for a blank cell and when one
    /// of them is not accepted.
    mutating func list<Value>(_ field: String, in vocabulary: Vocabulary<Value>) -> [Value]? {
        guard cell(field) != nil else { return nil }
        var values: [Value] = []
        var accepted = true
        for item in items(field) {
            guard let value = vocabulary.value(item) else {
                fail(field, .notAccepted(found: item, accepted: vocabulary.accepted))
                accepted = false
                continue
            }
            if values.contains(value) {
                fail(field, .listedTwice(item))
                accepted = false
            }
            values.append(value)
        }
        return accepted ? values : nil
    }

    /// Free texts in one cell, each of at most `maxLength` characters; `nil` for a blank cell.
    mutating func texts(_ field: String, maxLength: Int) -> [String]? {
        guard cell(field) != nil else { return nil }
        return items(field).compactMap { clean($0, field, maxLength: maxLength) }
    }

    /// Provinces in one cell (ISO code, Thai or English name each), without repeats; `nil` for a
    /// blank cell and when one of them is not a province.
    mutating func provinces(_ field: String) -> [Province]? {
        guard cell(field) != nil else { return nil }
        var provinces: [Province] = []
        var accepted = true
        for item in items(field) {
            guard let province = ImportVocabulary.province(item) else {
                fail(field, .unknownProvince(found: item))
                accepted = false
                continue
            }
            if provinces.contains(province) {
                fail(field, .listedTwice(item))
                accepted = false
            }
            provinces.append(province)
        }
        return accepted ? provinces : nil
    }

    /// A province by ISO code, Thai name or English name.
    mutating func province(_ field: String) -> Province? {
        guard let raw = cell(field) else { return nil }
        guard let province = ImportVocabulary.province(raw) else {
            fail(field, .unknownProvince(found: raw))
            return nil
        }
        return province
    }

    /// A whole number within `range`.
    mutating func integer(_ field: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = cell(field) else { return nil }
        // Spreadsheets may write 12 as "12.0" or "1,200".
        var digits = raw.filter { $0 != "," }
        if digits.hasSuffix(".0") { digits.removeLast(2) }
        guard let value = Int(digits) else {
            fail(field, .notWholeNumber(found: raw))
            return nil
        }
        guard range.contains(value) else {
            fail(field, .outOfRange(range, found: value))
            return nil
        }
        return value
    }

    /// A Buddhist-Era year within `range`; a Common-Era year gets a hint instead.
    mutating func buddhistYear(_ field: String, in range: ClosedRange<Int>) -> Int? {
        guard let raw = cell(field), let year = Int(raw), (1900...2200).contains(year) else {
            return integer(field, in: range)
        }
        fail(field, .commonEraYear(found: year))
        return nil
    }

    /// A 13-digit registration number with its check digit.
    mutating func registrationNumber(_ field: String) -> ThaiIdentificationNumber? {
        guard let raw = cell(field) else { return nil }
        do {
            return try ThaiIdentificationNumber(raw)
        } catch {
            fail(field, .registrationNumber(error))
            return nil
        }
    }

    /// An e-mail address, by the API's rule.
    mutating func email(_ field: String) -> String? {
        guard let raw = text(field, maxLength: 254) else { return nil }
        var validation = Validation()
        guard let email = validation.email(raw, field), validation.errors.isEmpty else {
            fail(field, .email)
            return nil
        }
        return email
    }

    /// A Thai phone number, normalised as the API does (`+66812345678`).
    mutating func phone(_ field: String) -> String? {
        guard let raw = text(field, maxLength: 20) else { return nil }
        var validation = Validation()
        guard let phone = validation.phone(raw, field), validation.errors.isEmpty else {
            fail(field, .phone)
            return nil
        }
        return phone
    }

    /// The items of a list cell.
    private func items(_ field: String) -> [String] {
        guard let raw = cell(field) else { return [] }
        return raw.split(whereSeparator: { Self.listSeparators.contains($0) })
            .map { ImportText.collapsed(String($0)) }
            .filter { !$0.isEmpty }
    }

    private mutating func clean(_ raw: String, _ field: String, maxLength: Int) -> String? {
        if raw.contains(where: \.isNewline) {
            fail(field, .lineBreak)
            return nil
        }
        // The rule every name and text follows, in bodies and files alike (Domain's DisplayText);
        // a tab is white space here, collapsed below.
        switch DisplayText.problem(in: raw.replacingOccurrences(of: "\t", with: " "), lineBreaks: false) {
        case .controlCharacter?: fail(field, .controlCharacter); return nil
        case .bidiControl?: fail(field, .bidiControl); return nil
        case .invisibleOnly?: fail(field, .invisibleOnly); return nil
        case nil: break
        }
        let text = ImportText.collapsed(raw)
        guard text.count <= maxLength else {
            fail(field, .tooLong(maxLength: maxLength, found: text.count))
            return nil
        }
        return text
    }
}
