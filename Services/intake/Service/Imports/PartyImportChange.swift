import Foundation

/// A party read from an import file: the rows it came from and its name.
protocol ImportCandidate {
    var rows: [Int] { get }
    var name: String { get }
}

/// What an import does to one party.
enum PartyImportOutcome: Sendable, Equatable {
    case created
    /// `details`: the party's own fields (an enterprise's name and address, its products; a
    /// provider's profile); `contacts`: its contact persons.
    case updated(details: Bool, contacts: Bool)
    case unchanged
}

/// What an import does to one party (an enterprise or a provider), as the report and the writers
/// see it.
protocol PartyImportChange {
    associatedtype Candidate: ImportCandidate
    var candidate: Candidate { get }
    var id: UUID { get }
    var outcome: PartyImportOutcome { get }
    /// The party's name after the change.
    var partyName: String { get }
}

extension PartyImportChange {
    /// created, updated or unchanged, for the report.
    var reported: ImportResult.Outcome {
        switch outcome {
        case .created: .created
        case .updated: .updated
        case .unchanged: .unchanged
        }
    }

    /// Whether the change writes the party's own fields (a new party is inserted instead).
    var writesDetails: Bool {
        if case .updated(details: true, _) = outcome { true } else { false }
    }

    /// Whether the change writes the party's contact persons (a new party, or changed contacts).
    var writesContacts: Bool {
        switch outcome {
        case .created, .updated(_, contacts: true): true
        default: false
        }
    }
}

extension FileReading where Candidate: ImportCandidate {
    /// Decides each candidate's change against the store; a candidate that cannot be imported
    /// fails with the problems `decide` names (nothing of its party is written).
    func deciding<Change>(_ decide: (Candidate) -> Result<Change, ProblemList>) -> (FileReading, [Change]) {
        var reading = self
        var changes: [Change] = []
        for candidate in candidates {
            switch decide(candidate) {
            case .success(let change): changes.append(change)
            case .failure(let list): reading.fail(rows: candidate.rows, name: candidate.name, problems: list.problems)
            }
        }
        return (reading, changes)
    }
}

extension ImportResult {
    /// The result of a file whose candidates became `changes`; the rest of `reading` failed. A dry
    /// run gives no id for a party it would create: the id it drew would not be the one a real
    /// import draws.
    init<Change: PartyImportChange>(kind: ImportKind, dryRun: Bool, reading: FileReading<Change.Candidate>, changes: [Change]) {
        let outcomes = changes.map { change in
            Party(rows: change.candidate.rows, id: dryRun && change.reported == .created ? nil : change.id,
                  name: change.partyName, outcome: change.reported)
        }
        self.init(kind: kind, dryRun: dryRun, reading: reading, outcomes: outcomes)
    }
}
