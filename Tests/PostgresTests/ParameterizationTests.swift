import Foundation
import Postgres
import TestSupport
import Testing

/// Interpolated values travel as parameters, never as SQL text; identifiers are quoted.
@Suite("Parameterized statements")
struct ParameterizationTests {
    @Test("A value that looks like SQL is stored literally and the table survives")
    func injectionIsData() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            let table = uniqueName("victim")
            try await pool.execute("CREATE TABLE public.\(identifier: table) (note text NOT NULL)")
            do {
                let hostile = "'); DROP TABLE public.\(table); --"
                let inserted = try await pool.execute("INSERT INTO public.\(identifier: table) (note) VALUES (\(hostile))")
                #expect(inserted == 1)
                let found = try await pool.query("SELECT note FROM public.\(identifier: table) WHERE note = \(hostile)")
                #expect(try found.map { row throws(PostgresError) in try row.decode(String.self, column: "note") } == [hostile])
                let exists = try await pool.query("SELECT to_regclass(\("public.\(table)"))::text AS name").first!
                #expect(try exists.decode(String?.self, column: "name") == table)
            } catch {
                try await pool.execute("DROP TABLE IF EXISTS public.\(identifier: table)")
                throw error
            }
            try await pool.execute("DROP TABLE public.\(identifier: table)")
        }
    }

    @Test("A text value with a NUL character is refused, not silently cut short at the NUL")
    func nulIsRefused() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            let error = await #expect(throws: PostgresError.self) {
                _ = try await pool.query("SELECT \("admin\u{0}-suffix")::text AS v")
            }
            #expect(error?.code == .encoding)
            let after = try await pool.query("SELECT 1 AS one")
            #expect(after.count == 1)
        }
    }

    @Test("A query with interpolations has one $n placeholder per value, in order, and no value in the SQL")
    func placeholders() {
        let secret = "s3cr3t"
        let query: PostgresQuery = "SELECT * FROM t WHERE a = \(secret) AND b = \(42) AND c = \(secret)"
        #expect(query.sql == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3")
        #expect(query.parameters.count == 3)
        #expect(!query.sql.contains(secret))
    }

    @Test("\\(identifier:) doubles embedded double quotes, so odd names work as schema and table names")
    func identifierQuoting() async throws {
        let name = "my \"odd\" Name \(uniqueName("q"))"
        let query: PostgresQuery = "SELECT 1 FROM \(identifier: name)"
        #expect(query.sql == "SELECT 1 FROM \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"")
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.execute("CREATE SCHEMA \(identifier: name)")
            do {
                try await pool.execute("CREATE TABLE \(identifier: name).\(identifier: name) (v int8)")
                try await pool.execute("INSERT INTO \(identifier: name).\(identifier: name) (v) VALUES (\(5))")
                let row = try await pool.query("SELECT v FROM \(identifier: name).\(identifier: name)").first!
                #expect(try row.decode(Int.self, column: "v") == 5)
                let schema = try await pool.query("SELECT nspname FROM pg_namespace WHERE nspname = \(name)")
                #expect(schema.count == 1)
            } catch {
                try await pool.execute("DROP SCHEMA IF EXISTS \(identifier: name) CASCADE")
                throw error
            }
            try await pool.execute("DROP SCHEMA \(identifier: name) CASCADE")
        }
    }
}
