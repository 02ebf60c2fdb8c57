import Foundation

/// The rule an import file's header row must meet, as the regular expression the OpenAPI document
/// gives the `text/csv` body (`pattern`), built from the file's column table so the two cannot
/// drift apart.
///
/// The server accepts a file when its first record, read as CSV.swift reads it (``CSVTable``), has a
/// cell naming each required column (``ImportColumns/required``, and one of each
/// ``ImportColumns/requiredOneOf`` group), where a cell names a column when its
/// ``ImportText/headerKey(_:)`` is that of one of the column's headers (a column named twice is
/// read from both cells, row by row: no file-level rule). The pattern
/// says the same of the text, so a body matches it exactly when the server reads a usable header:
///
/// - a leading byte-order mark is skipped (one, as the reader does), atomically:
///   `(?=(\uFEFF?))\1` cannot give the mark back to make another reading match;
/// - `(?:cell,)*` skips whole cells: a quoted cell is `"` to the `"` before a comma, a line end or
///   the end (inside, `""` and a stray `"` with the character after it are what CSV.swift keeps
///   one character of, never the end of the cell); any other cell runs to the next comma or line end;
/// - a cell names a column when, between optional separators (``ImportText/headerSpaces`` and
///   ``ImportText/headerPunctuation``; line breaks only inside quotes), its characters are one of
///   the column's header keys: Latin letters in either case, สระอำ as `ำ` or `ํ` + `า`, a run of
///   combining marks in any order that sorts to the key's;
/// - one lookahead per required column (or group of which one is needed).
///
/// Written in the syntax ECMA-262 (with or without the `u` flag), Python's `re` and ICU share (no
/// flags, no `$`; `[\s\S]` only as "any character"), so the document's validators, the fuzzing
/// hooks and the Swift tests all read it the same way. ICU, the Swift tests' engine, gives up on a
/// header with about a thousand cells before a required column (its backtracking stack); the
/// other engines do not, and no spreadsheet export comes near.
/// Rows after the header are not constrained: their problems go into the report, row by row.
enum ImportHeaderPattern {
    /// What the document's body schema says of files with `columns`: the `pattern`, and the column
    /// table itself as `x-columns` (each column's field, whether it is required, every header
    /// accepted for it) with `x-requiredOneOf`, so a client can write a template from it (and the
    /// fuzzing hooks write files from it, checked against the pattern).
    static func schemaMembers(for columns: ImportColumns) -> [String: Any] {
        var members: [String: Any] = [
            "pattern": pattern(for: columns),
            "x-columns": columns.all.map { column -> [String: Any] in
                ["field": column.field, "required": columns.required.contains(column.field), "headers": column.headers]
            },
        ]
        if !columns.requiredOneOf.isEmpty { members["x-requiredOneOf"] = columns.requiredOneOf }
        return members
    }

    /// The pattern for files with `columns`.
    static func pattern(for columns: ImportColumns) -> String {
        var pattern = #"^(?=(\uFEFF?))\1"#
        for field in columns.required {
            pattern += "(?=\(skip)\(cell(naming: [field], in: columns)))"
        }
        for group in columns.requiredOneOf {
            pattern += "(?=\(skip)\(cell(naming: group, in: columns)))"
        }
        return pattern
    }

    /// Any number of whole cells, each followed by its comma. The quoted cell is written as an
    /// unrolled loop (`"[^"]*(?:"x[^"]*)*"`, not `"(?:[^"]|"x)*"`): the same texts, without one
    /// backtracking point per character, which ICU runs out of on a long cell.
    private static let skip = #"(?:(?:"[^"]*(?:"[^,\r\n][^"]*)*"|[^",\r\n][^,\r\n]*|),)*"#
    /// The end of a cell: a comma, a line end or the end of the text.
    private static let cellEnd = #"(?=[,\r\n]|(?![\s\S]))"#
    /// Where a cell's text ends without a closing quote: the end of the text.
    private static let textEnd = #"(?![\s\S])"#

    /// The separators a header may hold anywhere, outside quotes and inside them.
    private enum Context {
        case unquoted, quoted

        var separators: String {
            switch self {
            case .unquoted: #"[\t \u00A0_\-./()']*"#
            case .quoted: #"[\t\n\r \u00A0_\-./()']*"#
            }
        }
    }

    /// A cell naming any of `fields`, quoted or not, up to its end.
    private static func cell(naming fields: [String], in columns: ImportColumns) -> String {
        var keys: [[Unicode.Scalar]] = []
        for column in columns.all where fields.contains(column.field) {
            for header in column.headers {
                let key = ImportText.headerKey(header)
                if !keys.contains(key) { keys.append(key) }
            }
        }
        func names(_ context: Context) -> String {
            let s = context.separators
            return s + "(?:" + keys.map { key(in: $0, context) }.joined(separator: "|") + ")" + s
        }
        return "(?:" + names(.unquoted) + "|\"" + names(.quoted) + "(?:\"|" + textEnd + "))" + cellEnd
    }

    /// The texts whose ``ImportText/headerKey(_:)`` is `key`, without leading or trailing separators.
    /// A header with a quote, a comma or a line break would need CSV quoting the pattern does not
    /// model: column tables have none.
    private static func key(in key: [Unicode.Scalar], _ context: Context) -> String {
        precondition(!key.contains { "\",\r\n".unicodeScalars.contains($0) }, "import header keys hold no quote, comma or line break")
        var parts: [String] = []
        var index = 0
        while index < key.count {
            var end = index + 1
            if key[index].properties.canonicalCombiningClass.rawValue > 0 {
                while end < key.count, key[end].properties.canonicalCombiningClass.rawValue > 0 { end += 1 }
            }
            if end - index > 1 {
                parts.append(markRun(Array(key[index..<end]), context))
            } else {
                parts.append(element(key[index], context))
            }
            index = end
        }
        return parts.joined(separator: context.separators)
    }

    /// One scalar of a key and the texts that give it.
    private static func element(_ scalar: Unicode.Scalar, _ context: Context) -> String {
        if ("a"..."z").contains(scalar) {
            return "[\(scalar)\(Unicode.Scalar(scalar.value - 32)!)]"
        }
        if scalar == ImportText.saraAm {
            return "(?:\(ImportText.saraAm)|\(ImportText.nikhahit)\(context.separators)\(ImportText.saraAa))"
        }
        if #"\^$.|?*+()[]{}"#.unicodeScalars.contains(scalar) { return "\\\(scalar)" }
        return String(scalar)
    }

    /// A run of combining marks, in every order that canonical ordering turns into `run`.
    private static func markRun(_ run: [Unicode.Scalar], _ context: Context) -> String {
        var orders: [[Unicode.Scalar]] = []
        for order in permutations(run) where !orders.contains(order) {
            var sorted = order
            ImportText.canonicallyOrderMarks(&sorted)
            if sorted == run { orders.append(order) }
        }
        let texts = orders.map { $0.map { element($0, context) }.joined(separator: context.separators) }
        return "(?:" + texts.joined(separator: "|") + ")"
    }

    private static func permutations(_ items: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
