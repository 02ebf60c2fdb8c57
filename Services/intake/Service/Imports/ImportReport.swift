import Foundation

/// What an import file holds.
enum ImportKind: String, Sendable, Codable {
    case enterprises
    case providers
    /// Coupons of past fiscal years (`POST /v1/imports/history`).
    case history
}

/// What one import did (in a dry run: would do), party by party, and every problem by row.
struct ImportResult: Sendable {
    enum Outcome: String, Sendable, Codable {
        case created
        case updated
        case unchanged
        case failed
    }

    struct Party: Sendable {
        /// The file rows the party came from.
        let rows: [Int]
        /// Its id (`nil` for a failed party, and for one a dry run would create).
        let id: UUID?
        let name: String?
        let outcome: Outcome
    }

    let kind: ImportKind
    let dryRun: Bool
    /// Rows with values.
    let rows: Int
    let layout: ColumnLayout
    let parties: [Party]
    let problems: [RowProblem]

    /// The result of a file whose parties were compared with the store: `changes` became
    /// `outcomes`, the rest of `reading` failed.
    init<Candidate>(kind: ImportKind, dryRun: Bool, reading: FileReading<Candidate>, outcomes: [Party]) {
        self.kind = kind
        self.dryRun = dryRun
        self.rows = reading.rows
        self.layout = reading.layout
        let failed = reading.failed.map { Party(rows: $0.rows, id: nil, name: $0.name, outcome: .failed) }
        self.parties = (outcomes + failed).sorted { $0.rows[0] < $1.rows[0] }
        self.problems = reading.problems.enumerated()
            .sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
    }

    func count(_ outcome: Outcome) -> Int {
        parties.count(where: { $0.outcome == outcome })
    }

    /// The report as the API answers it, its texts in `language`.
    func report(in language: ReportLanguage) -> ImportReport {
        ImportReport(
            kind: kind, dryRun: dryRun, rows: rows,
            summary: .init(created: count(.created), updated: count(.updated), unchanged: count(.unchanged), failed: count(.failed)),
            ignoredColumns: layout.ignored,
            repeatedColumns: layout.repeatedHeaders,
            results: parties.map { .init(rows: $0.rows, id: $0.id, name: $0.name, outcome: $0.outcome) },
            problems: problems.map { problem in
                .init(row: problem.row, column: problem.field.map { layout.header[$0] ?? $0 }, field: problem.field,
                      code: problem.issue.code, detail: problem.issue.text(in: language))
            })
    }
}

/// The answer of `POST /v1/imports/...` (documented in `import.json`).
struct ImportReport: Codable, Sendable {
    struct Summary: Codable, Sendable {
        var created: Int
        var updated: Int
        var unchanged: Int
        var failed: Int
    }

    struct Result: Codable, Sendable {
        var rows: [Int]
        var id: UUID?
        var name: String?
        var outcome: ImportResult.Outcome
    }

    /// One problem, in the style of the API's RFC 9457 field errors plus the row.
    struct Item: Codable, Sendable {
        /// The row number the spreadsheet shows (the header is row 1).
        var row: Int
        /// The column's header as the file writes it; absent for a problem of the whole row.
        var column: String?
        /// The API field the column stands for.
        var field: String?
        var code: String
        var detail: String
    }

    var kind: ImportKind
    var dryRun: Bool
    var rows: Int
    var summary: Summary
    var ignoredColumns: [String]
    /// Header cells naming a column an earlier cell names: read too, and a row fails where they disagree.
    var repeatedColumns: [String]
    var results: [Result]
    var problems: [Item]
}
