/// The rows of one enterprise or provider in an import file, and the rules that put rows together.
///
/// A party's rows share its natural key (registration number, provider name) or follow it with the
/// party's own cells blank (as Excel exports merged cells): such a continuation row adds a product
/// or a contact person to the party above it.
struct PartyRows<Row> {
    /// The natural key, or `row <n>` for a row whose key could not be read.
    let key: String
    var rows: [Row]
}

/// A row of an import file as the party readers see it.
protocol PartyFileRow {
    /// The row's number in the file (the header is row 1).
    var row: Int { get }
    /// The party's name as this row gives it, if it gives one.
    var name: String? { get }
    /// The row has more or fewer cells than the header: none of it can be trusted.
    var misaligned: Bool { get }
    var problems: [RowProblem] { get }
}

/// How a row joins a party.
enum PartyMembership {
    /// It names the party by its natural key (a new party, or more rows of one named before).
    case party(key: String)
    /// Its party cells are blank: it belongs to the party of the row above.
    case continuation
    /// It cannot be placed (its key is unreadable): a party of its own, which fails.
    case alone
}

enum PartyGrouping {
    /// Groups `rows` in file order; the parties come in the order of their first row. A
    /// continuation row with no party above becomes a party of its own and is returned in `orphans`.
    static func group<Row>(_ rows: [Row], row number: (Row) -> Int,
                           membership: (Row) -> PartyMembership) -> (parties: [PartyRows<Row>], orphans: [Int]) {
        var parties: [PartyRows<Row>] = []
        var position: [String: Int] = [:]
        var current: Int?
        var orphans: [Int] = []
        for row in rows {
            let key: String
            switch membership(row) {
            case .party(let natural): key = natural
            case .alone: key = "row \(number(row))"
            case .continuation:
                if let current {
                    parties[current].rows.append(row)
                    continue
                }
                orphans.append(number(row))
                key = "row \(number(row))"
            }
            if let existing = position[key] {
                parties[existing].rows.append(row)
                current = existing
            } else {
                position[key] = parties.count
                current = parties.count
                parties.append(PartyRows(key: key, rows: [row]))
            }
        }
        return (parties, orphans)
    }

    /// The one value several rows of a party give for `field`: the first row's that has one. A
    /// later row with another value is reported (`differs from row n`). `nil` when no row has one.
    static func agreed<Value: Equatable>(_ values: [(row: Int, value: Value?)], field: String,
                                         problems: inout [RowProblem]) -> Value? {
        var first: (row: Int, value: Value)?
        for (row, value) in values {
            guard let value else { continue }
            if let first {
                if first.value != value { problems.append(RowProblem(row: row, field: field, issue: .differsFromRow(first.row))) }
            } else {
                first = (row, value)
            }
        }
        return first?.value
    }

    /// Named items (products, contact persons) of a party's rows, each once, in file order, with the
    /// row that first gave it. The same name again with the same details is the same item (a row
    /// repeated for another product); with other details it is reported.
    static func unique<Item: Equatable>(_ items: [(row: Int, name: String, item: Item)], field: String,
                                        problems: inout [RowProblem]) -> [Numbered<Item>] {
        var seen: [String: Numbered<Item>] = [:]
        var result: [Numbered<Item>] = []
        for (row, name, item) in items {
            if let earlier = seen[name] {
                if earlier.value != item {
                    problems.append(RowProblem(row: row, field: field, issue: .listedAgainDifferently(row: earlier.row)))
                }
                continue
            }
            let numbered = Numbered(row: row, value: item)
            seen[name] = numbered
            result.append(numbered)
        }
        return result
    }
}

/// A value with the file row that gave it.
struct Numbered<Value> {
    let row: Int
    let value: Value
}

extension Numbered: Sendable where Value: Sendable {}
