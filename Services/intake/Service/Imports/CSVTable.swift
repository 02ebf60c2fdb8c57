import CSV
import Foundation

/// A CSV file as the officer's spreadsheet shows it: the header (row 1) and every row after it that
/// has a value in some cell, each with the row number the spreadsheet shows.
///
/// Read with CSV.swift: RFC 4180 quoting (commas, doubled quotes and line breaks inside a quoted
/// cell), CRLF or LF line ends, a UTF-8 byte-order mark (Excel's "CSV UTF-8") dropped, and bytes
/// that are not UTF-8 reported rather than guessed at.
struct CSVTable: Sendable {
    /// One row of cells.
    struct Record: Sendable {
        /// The spreadsheet's row number: the header is row 1, and a quoted cell holding line breaks
        /// still belongs to one row. Blank rows are skipped but counted.
        let row: Int
        let cells: [String]
    }

    /// The header cells as written (trimmed).
    let header: [String]
    let records: [Record]

    /// Reads `bytes`; refuses files that are not UTF-8 CSV, have no header, or more than `maxRows`
    /// rows with values.
    static func read(_ bytes: [UInt8], maxRows: Int) throws(ImportFileProblem) -> CSVTable {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { throw .utf16 }
        // Checked before CSV.swift reads anything, and only here: it notices bad bytes only after
        // the header row (one there ends the row early), and skips a UTF-32 byte-order mark as if it
        // were UTF-8's.
        if let offset = firstInvalidUTF8(in: bytes) { throw .notUTF8(row: row(at: offset, of: bytes)) }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: InputStream(data: Data(bytes)), hasHeaderRow: true)
        } catch {
            throw .empty
        }
        // Trimmed of the white space header keys ignore anyway (ImportText.headerSpaces), no other:
        // the OpenAPI document's header pattern states exactly which cells name a column.
        let header = (reader.headerRow ?? []).map { String(String.UnicodeScalarView($0.unicodeScalars.trimming(ImportText.headerSpaces))) }
        guard header.contains(where: { !$0.isEmpty }) else { throw .empty }
        if header.count == 1, let separator = [";", "\t", "|"].first(where: { header[0].contains($0) }) {
            throw .separator(found: separator)
        }
        var records: [Record] = []
        var row = 1
        while let cells = reader.next() {
            row += 1
            guard cells.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else { continue }
            guard records.count < maxRows else { throw .tooManyRows(limit: maxRows) }
            records.append(Record(row: row, cells: cells))
        }
        return CSVTable(header: header, records: records)
    }

    /// Where the first byte sequence that is not UTF-8 starts, if any.
    static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The spreadsheet row holding the byte at `offset`: the rows CSV.swift reads from the bytes
    /// before it with one more character in its place (so a quoted line break counts as the
    /// spreadsheet counts it).
    static func row(at offset: Int, of bytes: [UInt8]) -> Int {
        guard let reader = try? CSVReader(stream: InputStream(data: Data(bytes[..<offset] + [UInt8(ascii: "x")])),
                                          hasHeaderRow: false) else { return 1 }
        var rows = 0
        while reader.next() != nil { rows += 1 }
        return max(rows, 1)
    }
}

private extension String.UnicodeScalarView {
    /// The scalars without those of `set` at either end.
    func trimming(_ set: Set<Unicode.Scalar>) -> Self.SubSequence {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
