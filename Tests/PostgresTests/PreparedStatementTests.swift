import Postgres
import Testing

/// Each connection prepares the statements it runs again (the server parses and plans them once),
/// within a limit, without changing what any statement returns.
@Suite("Prepared statements")
struct PreparedStatementTests {
    /// The statements the session of the pool's one connection has prepared, by text.
    private func prepared(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'otop!_%' ESCAPE '!'")
            .map { row throws(PostgresError) in try row.decode(String.self, column: "statement") }
    }

    private func withTable(limit: Int = 256, _ body: (PostgresPool, String) async throws -> Void) async throws {
        try await TestDatabase.withNotesTable(prefix: "prepared", preparedStatementLimit: limit, body)
    }

    @Test("A statement is prepared on its second run, and every run returns the right rows")
    func preparedOnSecondRun() async throws {
        try await withTable { pool, table in
            try await pool.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("หนึ่ง")), (2, \("two"))")
            let select: (Int) -> PostgresQuery = { "SELECT note FROM public.\(identifier: table) WHERE id = \($0)" }
            let sql = select(1).sql
            #expect(try await pool.query(select(1)).first?.decode(String.self, column: "note") == "หนึ่ง")
            #expect(try await prepared(pool).contains(sql) == false, "a statement run once is not prepared")
            #expect(try await pool.query(select(2)).first?.decode(String.self, column: "note") == "two")
            #expect(try await prepared(pool).contains(sql), "the second run prepares it")
            #expect(try await pool.query(select(1)).first?.decode(String.self, column: "note") == "หนึ่ง")
            #expect(try await pool.query(select(3)).isEmpty)
        }
    }

    @Test("Pipelines prepare their statements too, and a failing pipeline keeps the connection's statements usable")
    func pipelines() async throws {
        try await withTable { pool, table in
            let insert: (Int, String) -> PostgresQuery = { "INSERT INTO public.\(identifier: table) (id, note) VALUES (\($0), \($1))" }
            for id in stride(from: 1, through: 5, by: 2) {
                _ = try await pool.pipeline([insert(id, "a"), insert(id + 1, "b")])
            }
            #expect(try await prepared(pool).contains(insert(1, "a").sql))
            await #expect(throws: PostgresError.self) { try await pool.pipeline([insert(7, "c"), insert(1, "duplicate")]) }
            _ = try await pool.pipeline([insert(7, "c"), insert(8, "d")])
            let count = try await pool.query("SELECT count(*)::int8 AS n FROM public.\(identifier: table)").first?
                .decode(Int.self, column: "n")
            #expect(count == 8)
        }
    }

    @Test("A changed column type refuses the old plan once, then the statement is prepared afresh")
    func changedTable() async throws {
        try await withTable { pool, table in
            try await pool.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("x"))")
            let select: PostgresQuery = "SELECT id, note FROM public.\(identifier: table) WHERE id = \(1)"
            for _ in 0..<3 { _ = try await pool.query(select) }
            try await pool.execute("ALTER TABLE public.\(identifier: table) ALTER COLUMN note TYPE varchar(20)")
            // PostgreSQL refuses a cached plan whose result type changed (0A000); either way the
            // statement must work again right after.
            _ = try? await pool.query(select)
            #expect(try await pool.query(select).first?.decode(String.self, column: "note") == "x")
        }
    }

    @Test("With a limit of 0 nothing is prepared")
    func disabled() async throws {
        try await withTable(limit: 0) { pool, table in
            for id in 0..<3 { _ = try await pool.query("SELECT note FROM public.\(identifier: table) WHERE id = \(id)") }
            #expect(try await prepared(pool).isEmpty)
        }
    }
}
