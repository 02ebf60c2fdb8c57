import Postgres
import Testing

/// `withTransaction` commits what the body did when it returns and rolls it back when it throws;
/// the connection goes back to the pool usable either way.
@Suite("Transactions")
struct TransactionTests {
    struct Abort: Error {}

    private func withTable(_ body: (PostgresPool, String) async throws -> Void) async throws {
        try await TestDatabase.withNotesTable(prefix: "tx", body)
    }

    private func ids(_ pool: PostgresPool, _ table: String) async throws -> [Int] {
        try await pool.query("SELECT id FROM public.\(identifier: table) ORDER BY id")
            .map { row throws(PostgresError) in try row.decode(Int.self, column: "id") }
    }

    @Test("Returning from the body commits, and the body's result is returned")
    func commitsOnReturn() async throws {
        try await withTable { pool, table in
            let result = try await pool.withTransaction { connection in
                try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("first"))")
                try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (2, \("second"))")
                return "done"
            }
            #expect(result == "done")
            #expect(try await ids(pool, table) == [1, 2])
        }
    }

    @Test("Throwing from the body rolls back, rethrows the error, and the one connection is reusable")
    func rollsBackOnThrow() async throws {
        try await withTable { pool, table in
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("doomed"))")
                    throw Abort()
                }
            }
            #expect(try await ids(pool, table) == [])
            // Same (only) connection: not left inside the aborted transaction.
            try await pool.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (2, \("after"))")
            #expect(try await ids(pool, table) == [2])
            #expect(pool.openConnections == 1)
        }
    }

    @Test("A statement the server refuses inside the body rolls back the earlier statements")
    func serverErrorRollsBack() async throws {
        try await withTable { pool, table in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("kept?"))")
                    try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("duplicate"))")
                }
            }
            #expect(error?.sqlState == .uniqueViolation)
            #expect(try await ids(pool, table) == [])
            _ = try await pool.withTransaction { connection in
                try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (3, \("works"))")
            }
            #expect(try await ids(pool, table) == [3])
        }
    }

    @Test("A body that swallows a failed statement does not report success: COMMIT of the aborted transaction rolled back")
    func swallowedFailureIsNotACommit() async throws {
        try await withTable { pool, table in
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("lost"))")
                    _ = try? await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("duplicate"))")
                }
            }
            #expect(error?.sqlState == .inFailedTransaction)
            let left = try await ids(pool, table)
            #expect(left == [])
            #expect(pool.openConnections == 1)
        }
    }

    @Test("A transaction left open by a caller is not handed out again: the pool replaces that connection")
    func openTransactionIsNotReused() async throws {
        try await withTable { pool, table in
            try await pool.withConnection { connection in
                try await connection.execute("BEGIN")
                try await connection.execute("INSERT INTO public.\(identifier: table) (id, note) VALUES (1, \("uncommitted"))")
            }
            // The connection was closed (its transaction with it) instead of leaking the open transaction.
            #expect(try await ids(pool, table) == [])
            #expect(pool.openConnections == 1)
        }
    }
}
