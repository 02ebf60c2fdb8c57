import Foundation

/// One column an import file may have: its API field name and the headers officers write for it.
struct ImportColumn: Sendable {
    /// The API field name (`registrationNumber`); always accepted as a header, and named in problems.
    let field: String
    /// Thai headers accepted; the first is the documented one.
    let thai: [String]
    /// English headers accepted besides the field name (`registration number`).
    let english: [String]

    init(_ field: String, thai: [String], english: [String] = []) {
        self.field = field
        self.thai = thai
        self.english = english
    }

    /// Every header accepted for the column: the field name, the Thai and the English headers.
    var headers: [String] { [field] + thai + english }
}

/// The columns of one kind of import file, and how a header row maps onto them.
///
/// Headers are compared loosely (``ImportText/headerKey(_:)``): Latin case, spaces, `_ - . / ( ) '`,
/// the two ways of typing Thai สระอำ and the order of a vowel below and a tone mark do not matter, so
/// `Registration Number`, `registration_number` and `registrationNumber` are one column, as are
/// `ตำบล` typed either way. The OpenAPI document states the same rule as a pattern
/// (``ImportHeaderPattern``).
struct ImportColumns: Sendable {
    let all: [ImportColumn]
    /// Fields the header must have.
    let required: [String]
    /// Groups of fields of which the header must have at least one (a provider's provinces or
    /// regions); a group missing is reported by its first field.
    let requiredOneOf: [[String]]
    private let byKey: [[Unicode.Scalar]: String]

    init(_ all: [ImportColumn], required: [String], oneOf requiredOneOf: [[String]] = []) {
        self.all = all
        self.required = required
        self.requiredOneOf = requiredOneOf
        var byKey: [[Unicode.Scalar]: String] = [:]
        for column in all {
            for header in column.headers {
                let key = ImportText.headerKey(header)
                precondition(byKey[key] == nil || byKey[key] == column.field, "import header '\(header)' names two columns")
                byKey[key] = column.field
            }
        }
        self.byKey = byKey
    }

    /// The documented Thai header of `field`.
    func thaiHeader(_ field: String) -> String {
        all.first { $0.field == field }?.thai.first ?? field
    }

    /// Where each column is in a file with this header row. Unknown headers are ignored (and
    /// listed in the report, so a misspelt optional column is noticed in a dry run); a column named
    /// by more than one cell is read from all of them, and a row where they disagree fails
    /// (``RowReader/checkRepeatedColumns()``); a missing required column refuses the file.
    func layout(of header: [String]) throws(ImportFileProblem) -> ColumnLayout {
        var index: [String: Int] = [:]
        var written: [String: String] = [:]
        var repeated: [String: [Int]] = [:]
        var ignored: [String] = []
        for (position, cell) in header.enumerated() where !cell.isEmpty {
            guard let field = byKey[ImportText.headerKey(cell)] else {
                ignored.append(cell)
                continue
            }
            if index[field] != nil {
                repeated[field, default: []].append(position)
                continue
            }
            index[field] = position
            written[field] = cell
        }
        let missing = required.filter { index[$0] == nil }
            + requiredOneOf.filter { group in !group.contains { index[$0] != nil } }.compactMap(\.first)
        if !missing.isEmpty { throw .missingColumns(missing) }
        return ColumnLayout(index: index, header: written, repeated: repeated, ignored: ignored, cells: header)
    }
}

/// The columns found in one file.
struct ColumnLayout: Sendable {
    /// Cell position per field present (the first cell naming it).
    let index: [String: Int]
    /// The header as the file writes it, per field (problems name the column as the officer sees it).
    let header: [String: String]
    /// Positions of further cells naming a field already named: a spreadsheet with `จังหวัด` and
    /// `province` side by side. A row's value is the one its non-blank cells agree on.
    let repeated: [String: [Int]]
    /// Header cells that name no column; their cells are not read.
    let ignored: [String]
    /// The header row's cells, as written (trimmed).
    let cells: [String]

    /// Cells in the header row.
    var width: Int { cells.count }

    /// Every position of `field`'s cells, first the one ``index`` names.
    func positions(of field: String) -> [Int] {
        (index[field].map { [$0] } ?? []) + (repeated[field] ?? [])
    }

    /// The header cells that repeat a column named by an earlier cell, in the file's order.
    var repeatedHeaders: [String] {
        repeated.values.flatMap { $0 }.sorted().map { cells[$0] }
    }

    /// Whether the file has this column.
    func has(_ field: String) -> Bool { index[field] != nil }
}
