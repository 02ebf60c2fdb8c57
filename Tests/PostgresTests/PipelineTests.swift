import Postgres
import Testing

/// `pipeline` sends several statements in one round trip; outside a transaction they commit
/// together or not at all, and the connection stays usable after a failure.
@Suite("Pipelines")
struct PipelineTests {
    private func withTable(_ body: (PostgresPool, String) async throws -> Void) async throws {
        try await TestDatabase.withNotesTable(prefix: "pipeline", body)
    }

    private func notes(_ pool: PostgresPool, _ table: String) async throws -> [String] {
        try await pool.query("SELECT note FROM public.\(identifier: table) ORDER BY id")
            .map { row throws(PostgresError) in try row.decode(String.self, column: "note") }
    }

    @Test("Statements run in order and each one's rows and row count come back")
    func resultsInOrder() async throws {
        try await withTable { pool, table in
            let results = try await pool.pipeline([
                "INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("หนึ่ง")), (2, \("two"))",
                "UPDATE public.\(identifier: table) SET note = note || \("!") WHERE id = 2",
                "SELECT id, note FROM public.\(identifier: table) ORDER BY id",
            ])
            #expect(results.count == 3)
            #expect(results[0].affectedRows == 2)
            #expect(results[1].affectedRows == 1)
            #expect(try results[2].rows.map { try $0.decode(String.self, column: "note") } == ["หนึ่ง", "two!"])
            #expect(try await notes(pool, table) == ["หนึ่ง", "two!"])
        }
    }

    @Test("A failing statement rolls back the statements before it, names its place, and leaves the connection usable")
    func allOrNothing() async throws {
        try await withTable { pool, table in
            do {
                _ = try await pool.pipeline([
                    "INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("first"))",
                    "INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("duplicate"))",
                    "INSERT INTO public.\(identifier: table) (id, note) VALUES (3, \("never"))",
                ])
                Issue.record("a duplicate key did not fail the pipeline")
            } catch let error as PostgresError {
                #expect(error.sqlState == .uniqueViolation)
                #expect(error.message.contains("statement 2 of 3"))
            }
            #expect(try await notes(pool, table) == [], "the first insert must have been rolled back with the second")
            // The one connection of the pool is back outside any transaction and pipeline.
            _ = try await pool.pipeline(["INSERT INTO public.\(identifier: table) (id, note) VALUES (4, \("after"))"])
            #expect(try await notes(pool, table) == ["after"])
        }
    }

    @Test("Inside withTransaction the statements belong to that transaction")
    func insideTransaction() async throws {
        struct Abort: Error {}
        try await withTable { pool, table in
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    _ = try await connection.pipeline([
                        "INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("one"))",
                        "INSERT INTO public.\(identifier: table) (id, note) VALUES (2, \("two"))",
                    ])
                    throw Abort()
                }
            }
            let remaining = try await notes(pool, table)
            #expect(remaining.isEmpty)
        }
    }

    @Test("A parameter with a NUL is refused before anything is sent")
    func refusesNul() async throws {
        try await withTable { pool, table in
            await #expect(throws: PostgresError.self) {
                try await pool.pipeline([
                    "INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("fine"))",
                    "INSERT INTO public.\(identifier: table) (id, note) VALUES (2, \("nul\u{0}inside"))",
                ])
            }
            let remaining = try await notes(pool, table)
            #expect(remaining.isEmpty)
        }
    }
}
