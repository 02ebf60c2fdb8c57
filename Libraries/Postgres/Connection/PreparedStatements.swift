/// The statements one connection has prepared (PostgreSQL parses and plans a prepared statement once
/// and keeps the plan), by SQL text and parameter types. A statement is prepared the second time the
/// connection runs it, so a statement run once (a migration, a test's own table) does not take a
/// place; the preparation travels in the same round trip as the execution. At `limit` nothing more is
/// prepared (those statements run unnamed, parsed each time, as before any was prepared).
///
/// Used only on the connection's serial queue (``PostgresConnection``), like the handle it belongs to.
final class PreparedStatements: @unchecked Sendable {
    struct Key: Hashable {
        var sql: String
        var types: [UInt32]

        init(_ query: PostgresQuery) {
            sql = query.sql
            types = query.parameters.map(\.typeOID)
        }
    }

    /// What to do with a statement about to run.
    enum Plan {
        /// Run the prepared statement of this name.
        case prepared(String)
        /// Prepare it under this name first (then ``prepared(_:for:)`` once the server accepted it).
        case prepare(String)
        /// Run it unnamed.
        case unnamed
    }

    private var names: [Key: String] = [:]
    private var seenOnce: Set<Key> = []
    private var nextNumber = 1
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func plan(for query: PostgresQuery) -> Plan {
        guard limit > 0 else { return .unnamed }
        let key = Key(query)
        if let name = names[key] { return .prepared(name) }
        guard names.count < limit else { return .unnamed }
        if seenOnce.remove(key) != nil {
            defer { nextNumber += 1 }
            return .prepare("otop_\(nextNumber)")
        }
        if seenOnce.count >= 4 * limit { seenOnce.removeAll(keepingCapacity: true) }
        seenOnce.insert(key)
        return .unnamed
    }

    /// The server prepared `query` as `name`.
    func prepared(_ name: String, for query: PostgresQuery) {
        names[Key(query)] = name
    }

    /// The server no longer knows the statement (SQLSTATE 26000), or its plan no longer fits the
    /// tables (0A000, "cached plan must not change result type"): prepare it afresh next time.
    func forget(_ query: PostgresQuery) {
        names[Key(query)] = nil
    }

    var count: Int { names.count }

    /// Whether `error`, from running a prepared statement, means the statement must be prepared afresh.
    static func invalidates(_ error: PostgresError) -> Bool {
        error.sqlState == .invalidStatementName || error.sqlState == .featureNotSupported
    }
}
