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
}

/// The columns of one kind of import file, and how a header row maps onto them.
///
/// Headers are compared loosely (``ImportText/key(_:)``): case, spaces, `_ - . / ( )` and the two
/// ways of typing Thai สระอำ do not matter, so `Registration Number`, `registration_number` and
/// `registrationNumber` are one column, as are `ตำบล` typed either way.
struct ImportColumns: Sendable {
    let all: [ImportColumn]
    /// Fields the header must have.
    let required: [String]
    private let byKey: [String: String]

    init(_ all: [ImportColumn], required: [String]) {
        self.all = all
        self.required = required
        var byKey: [String: String] = [:]
        for column in all {
            for header in [column.field] + column.thai + column.english {
                let key = ImportText.key(header)
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
    /// listed in the report, so a misspelt optional column is noticed in a dry run); a missing
    /// required column or a column named twice refuses the file.
    func layout(of header: [String]) throws(ImportFileProblem) -> ColumnLayout {
        var index: [String: Int] = [:]
        var written: [String: String] = [:]
        var ignored: [String] = []
        for (position, cell) in header.enumerated() where !cell.isEmpty {
            guard let field = byKey[ImportText.key(cell)] else {
                ignored.append(cell)
                continue
            }
            if index[field] != nil { throw .duplicateColumn(header: cell, field: field) }
            index[field] = position
            written[field] = cell
        }
        let missing = required.filter { index[$0] == nil }
        if !missing.isEmpty { throw .missingColumns(missing) }
        return ColumnLayout(index: index, header: written, ignored: ignored, width: header.count)
    }
}

/// The columns found in one file.
struct ColumnLayout: Sendable {
    /// Cell position per field present.
    let index: [String: Int]
    /// The header as the file writes it, per field (problems name the column as the officer sees it).
    let header: [String: String]
    /// Header cells that name no column; their cells are not read.
    let ignored: [String]
    /// Cells in the header row.
    let width: Int

    /// Whether the file has this column.
    func has(_ field: String) -> Bool { index[field] != nil }
}
