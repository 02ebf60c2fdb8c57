/// What reading an import file gave: the parties (enterprises or providers) ready to be compared
/// with what is stored, the parties that cannot be imported, and every problem by row.
struct FileReading<Candidate> {
    /// Rows with values (the header and blank rows not counted).
    let rows: Int
    let layout: ColumnLayout
    private(set) var candidates: [Candidate] = []
    private(set) var failed: [FailedParty] = []
    private(set) var problems: [RowProblem]
    private var rowsWithProblems: Set<Int> = []

    /// - Parameter orphans: rows with only product or contact cells and no party above them.
    init(rows: Int, layout: ColumnLayout, orphans: [Int]) {
        self.rows = rows
        self.layout = layout
        self.problems = orphans.map { RowProblem(row: $0, field: nil, issue: .noPartyAbove) }
        self.rowsWithProblems = Set(orphans)
    }

    /// Adds a party: ready when there is a candidate and no problem, failed otherwise.
    mutating func add(_ candidate: Candidate?, rows: [Int], name: String?, problems: [RowProblem]) {
        if let candidate, problems.isEmpty {
            candidates.append(candidate)
        } else {
            fail(rows: rows, name: name, problems: problems)
        }
    }

    /// Marks a party failed with `problems`; each of its rows without a problem of its own is
    /// reported as not imported because of the party's first bad row (nothing half-written).
    mutating func fail(rows: [Int], name: String?, problems: [RowProblem]) {
        let firstBad = problems.map(\.row).min() ?? rows[0]
        for problem in problems {
            self.problems.append(problem)
            rowsWithProblems.insert(problem.row)
        }
        for row in rows where !rowsWithProblems.contains(row) {
            self.problems.append(RowProblem(row: row, field: nil, issue: .partyRowFailed(firstBad)))
            rowsWithProblems.insert(row)
        }
        failed.append(FailedParty(rows: rows, name: name))
    }
}

/// A party that is not imported.
struct FailedParty: Sendable {
    let rows: [Int]
    /// Its name when some row gave one.
    let name: String?
}

extension FileReading {
    /// Groups `rows` into parties (`membership` says how each row joins one) and turns each party
    /// into a candidate with `consolidate`, which adds the problems of rows that disagree. A party
    /// whose first row is an orphan or misaligned gets no candidate: it fails with its problems.
    static func assemble<Row: PartyFileRow>(_ rows: [Row], layout: ColumnLayout, membership: (Row) -> PartyMembership,
                                             consolidate: (PartyRows<Row>, inout [RowProblem]) -> Candidate?) -> FileReading {
        let (parties, orphans) = PartyGrouping.group(rows, row: \.row, membership: membership)
        var reading = FileReading(rows: rows.count, layout: layout, orphans: orphans)
        let orphanRows = Set(orphans)
        for party in parties {
            var problems = party.rows.flatMap(\.problems)
            let unreadable = orphanRows.contains(party.rows[0].row) || party.rows[0].misaligned
            let candidate = unreadable ? nil : consolidate(party, &problems)
            reading.add(candidate, rows: party.rows.map(\.row), name: party.rows.lazy.compactMap(\.name).first, problems: problems)
        }
        return reading
    }
}
