import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// The pool bounds the connections it opens, replaces connections the server dropped, and
/// refuses work once closed.
@Suite("Connection pool")
struct PoolTests {
    @Test("20 concurrent queries through a pool of 3 all succeed; the server never sees more than 3 of its connections")
    func boundedConcurrency() async throws {
        let name = uniqueName("pgtests-pool")
        try await TestDatabase.withPool(maxConnections: 3, applicationName: name) { pool in
            try await TestDatabase.withConnection { observer in
                let done = Counter()
                var seenByServer: [Int] = []
                var seenByPool: [Int] = []
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<20 {
                        group.addTask {
                            // Counted however it ends: a query that fails must end the sampling below
                            // and fail the test with its error, not leave the loop waiting for it.
                            defer { done.increment() }
                            let row = try await pool.query("SELECT pg_sleep(0.05), \(index)::int8 AS n").first!
                            return try row.decode(Int.self, column: "n")
                        }
                    }
                    // Sample while they run, from a connection outside the pool.
                    while done.value < 20 {
                        seenByServer.append(try await Backends.count(applicationName: name, on: observer))
                        seenByPool.append(pool.openConnections)
                    }
                    var answered: Set<Int> = []
                    for try await n in group { answered.insert(n) }
                    #expect(answered == Set(0..<20))
                }
                #expect(seenByServer.count > 3, "too few samples to say anything: \(seenByServer)")
                #expect(seenByServer.allSatisfy { $0 <= 3 }, "server saw \(seenByServer.max() ?? 0) connections")
                #expect(seenByServer.max() == 3, "the pool never used its 3 connections: \(seenByServer)")
                #expect(seenByPool.allSatisfy { $0 <= 3 })
                #expect(try await Backends.count(applicationName: name, on: observer) == 3)
            }
        }
    }

    @Test("After the server terminates all the pool's idle connections, the next query succeeds on the first try")
    func brokenIdleConnectionsAreReplaced() async throws {
        let name = uniqueName("pgtests-broken")
        try await TestDatabase.withPool(maxConnections: 3, applicationName: name) { pool in
            // Hold all three connections at once, then leave them idle in the pool.
            try await pool.withConnection { first in
                try await pool.withConnection { second in
                    try await pool.withConnection { third in
                        for connection in [first, second, third] { _ = try await connection.query("SELECT 1 AS one") }
                    }
                }
            }
            #expect(pool.openConnections == 3)
            try await TestDatabase.withConnection { admin in
                let terminated = try await Backends.terminate(applicationName: name, on: admin)
                #expect(terminated == 3)
            }
            let pid = try await pool.query("SELECT pg_backend_pid()::int8 AS pid").first!.decode(Int.self, column: "pid")
            #expect(pid > 0)
            #expect(pool.openConnections == 1)
            // Every following query works too (no broken connection left behind).
            for _ in 0..<5 { #expect(try await pool.query("SELECT 1 AS one").count == 1) }
            #expect(await pool.ping())
        }
    }

    @Test("A nested withConnection does not re-run its body when the enclosing body's connection turns out broken")
    func foreignStaleConnectionIsNotRetried() async throws {
        let name = uniqueName("pgtests-nested")
        try await TestDatabase.withPool(maxConnections: 2, applicationName: name) { pool in
            let table = uniqueName("nested")
            try await pool.execute("CREATE TABLE public.\(identifier: table) (note text NOT NULL)")
            do {
                try await pool.withConnection { first in
                    try await pool.withConnection { second in
                        for connection in [first, second] { _ = try await connection.query("SELECT 1 AS one") }
                    }
                }
                try await TestDatabase.withConnection { admin in
                    let terminated = try await Backends.terminate(applicationName: name, on: admin)
                    #expect(terminated == 2)
                }
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { outer in
                        try await pool.withConnection { inner in
                            try await inner.execute("INSERT INTO public.\(identifier: table) (note) VALUES (\("once"))")
                            _ = try await outer.query("SELECT 1 AS one")
                        }
                    }
                }
                #expect(error?.code == .connectionLost)
                let rows = try await pool.query("SELECT count(*)::int8 AS n FROM public.\(identifier: table)").first!
                #expect(try rows.decode(Int.self, column: "n") == 1)
            } catch {
                try await pool.execute("DROP TABLE IF EXISTS public.\(identifier: table)")
                throw error
            }
            try await pool.execute("DROP TABLE public.\(identifier: table)")
        }
    }

    @Test("After close(), a query fails with .poolClosed and the server sees no connection of the pool")
    func closedPoolRefuses() async throws {
        let name = uniqueName("pgtests-closed")
        let pool = PostgresPool(configuration: try TestDatabase.configuration(applicationName: name), maxConnections: 2,
                                logger: testLogger)
        _ = try await pool.query("SELECT 1 AS one")
        await pool.close()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1 AS one") }
        #expect(error?.code == .poolClosed)
        #expect(pool.openConnections == 0)
        #expect(await !pool.ping())
        try await TestDatabase.withConnection { observer in
            try await waitUntil("the closed pool's backend to exit") {
                try await Backends.count(applicationName: name, on: observer) == 0
            }
        }
    }
}

/// A count shared between the queries and the sampling loop.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
