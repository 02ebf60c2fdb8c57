import Foundation
import Postgres
import TestSupport
import Testing

/// `PostgresMigrator` applies a schema's migrations in order, each exactly once (also with two
/// replicas racing), records them with checksums, and applies nothing when one of them fails.
@Suite("Migrations")
struct MigrationTests {
    /// Three migrations that only work in order, none of them idempotent (so a second application would fail).
    private func migrations(_ schema: String) -> [PostgresMigration] {
        [
            PostgresMigration(version: 3, name: "add_province", sql: "ALTER TABLE \(schema).enterprises ADD COLUMN province text;"),
            PostgresMigration(version: 1, name: "create_schema", sql: "CREATE SCHEMA \(schema);"),
            PostgresMigration(version: 2, name: "create_enterprises", sql: """
                CREATE TABLE \(schema).enterprises (id uuid PRIMARY KEY, name text NOT NULL);
                CREATE INDEX enterprises_name ON \(schema).enterprises (name);
                """),
        ]
    }

    /// A schema name of its own, dropped (with its migration history) afterwards.
    private func withSchema(_ body: (String, PostgresPool) async throws -> Void) async throws {
        let schema = uniqueName("migtest")
        try await TestDatabase.withPool(maxConnections: 2) { pool in
            do {
                try await body(schema, pool)
            } catch {
                await dropSchema(schema, pool)
                throw error
            }
            await dropSchema(schema, pool)
        }
    }

    private func dropSchema(_ schema: String, _ pool: PostgresPool) async {
        _ = try? await pool.execute("DROP SCHEMA IF EXISTS \(identifier: schema) CASCADE")
        _ = try? await pool.execute("DELETE FROM public.otop_schema_migrations WHERE schema = \(schema)")
    }

    private func history(_ schema: String, _ pool: PostgresPool) async throws -> [(version: Int, name: String, checksum: String)] {
        // The table may not exist yet when no migrator has run on this database.
        let exists = try await pool.query("SELECT to_regclass('public.otop_schema_migrations') IS NOT NULL AS present").first!
        guard try exists.decode(Bool.self, column: "present") else { return [] }
        return try await pool.query("""
            SELECT version, name, checksum FROM public.otop_schema_migrations WHERE schema = \(schema) ORDER BY applied_at, version
            """).map { row throws(PostgresError) in
            (try row.decode(Int.self, column: "version"), try row.decode(String.self, column: "name"),
             try row.decode(String.self, column: "checksum"))
        }
    }

    private func relationExists(_ name: String, _ pool: PostgresPool) async throws -> Bool {
        try await pool.query("SELECT to_regclass(\(name)) IS NOT NULL AS present").first!.decode(Bool.self, column: "present")
    }

    @Test("Versions 1..3 apply in order and are recorded; a second run applies nothing")
    func appliesInOrderOnce() async throws {
        try await withSchema { schema, pool in
            let migrator = PostgresMigrator(schema: schema, migrations: migrations(schema))
            #expect(migrator.migrations.map(\.version) == [1, 2, 3])
            #expect(try await migrator.migrate(on: pool, logger: testLogger) == [1, 2, 3])
            let recorded = try await history(schema, pool)
            #expect(recorded.map(\.version) == [1, 2, 3])
            #expect(recorded.map(\.name) == ["create_schema", "create_enterprises", "add_province"])
            #expect(recorded.map(\.checksum) == migrator.migrations.map(\.checksum))
            try await pool.execute("INSERT INTO \(identifier: schema).enterprises (id, name, province) VALUES (\(UUID()), \("ก"), \("น่าน"))")

            #expect(try await migrator.migrate(on: pool, logger: testLogger) == [])
            #expect(try await history(schema, pool).count == 3)
        }
    }

    @Test("A new migration added later is the only one applied on the next run")
    func appliesOnlyThePending() async throws {
        try await withSchema { schema, pool in
            let all = migrations(schema)
            let first = try await PostgresMigrator(schema: schema, migrations: Array(all.dropFirst())).migrate(on: pool, logger: testLogger)
            #expect(first == [1, 2])
            let second = try await PostgresMigrator(schema: schema, migrations: all).migrate(on: pool, logger: testLogger)
            #expect(second == [3])
        }
    }

    @Test("Two migrators started together on two pools apply each version exactly once and both succeed")
    func concurrentMigratorsApplyOnce() async throws {
        try await withSchema { schema, pool in
            try await TestDatabase.withPool(maxConnections: 1) { first in
                try await TestDatabase.withPool(maxConnections: 1) { second in
                    let migrator = PostgresMigrator(schema: schema, migrations: migrations(schema))
                    async let a = migrator.migrate(on: first, logger: testLogger)
                    async let b = migrator.migrate(on: second, logger: testLogger)
                    let (appliedByA, appliedByB) = try await (a, b)
                    // One of them did all the work, the other found nothing left to do.
                    #expect((appliedByA + appliedByB).sorted() == [1, 2, 3])
                    #expect(appliedByA.isEmpty || appliedByB.isEmpty)
                }
            }
            #expect(try await history(schema, pool).map(\.version) == [1, 2, 3])
        }
    }

    @Test("A migration whose SQL changed after it was applied fails with .migration naming the version")
    func changedMigrationIsRefused() async throws {
        try await withSchema { schema, pool in
            var edited = migrations(schema)
            try await PostgresMigrator(schema: schema, migrations: edited).migrate(on: pool, logger: testLogger)
            edited[2].sql += "\nCREATE INDEX enterprises_id ON \(schema).enterprises (id);"  // version 2, edited in place
            edited.append(PostgresMigration(version: 4, name: "never", sql: "CREATE TABLE \(schema).never (id int);"))
            let error = await #expect(throws: PostgresError.self) {
                try await PostgresMigrator(schema: schema, migrations: edited).migrate(on: pool, logger: testLogger)
            }
            #expect(error?.code == .migration)
            #expect(error?.message.contains("migration \(schema) 2 (create_enterprises)") == true)
            #expect(error?.isTransient == false)
            // Nothing after the refusal was applied.
            #expect(try await !relationExists("\(schema).never", pool))
            #expect(try await history(schema, pool).map(\.version) == [1, 2, 3])
        }
    }

    @Test("When version 2 of 2 fails, nothing is applied: version 1's table is absent and nothing is recorded")
    func failingMigrationAppliesNothing() async throws {
        try await withSchema { schema, pool in
            let migrator = PostgresMigrator(schema: schema, migrations: [
                PostgresMigration(version: 1, name: "create", sql: "CREATE SCHEMA \(schema); CREATE TABLE \(schema).kept (id int);"),
                PostgresMigration(version: 2, name: "broken", sql: "CREATE TABLE \(schema).broken (id int"),
            ])
            let error = await #expect(throws: PostgresError.self) { try await migrator.migrate(on: pool, logger: testLogger) }
            #expect(error?.code == .server)
            #expect(error?.sqlState == .syntaxError)
            #expect(error?.message.contains("migration \(schema) 2 (broken) failed") == true)
            let kept = try await relationExists("\(schema).kept", pool)
            #expect(!kept)
            let recorded = try await history(schema, pool)
            #expect(recorded.isEmpty)
            // The pool's connection is usable afterwards (the failed transaction was rolled back).
            #expect(await pool.ping())
        }
    }

    @Test("Two migrations with the same version are refused before anything runs")
    func duplicateVersions() async throws {
        try await withSchema { schema, pool in
            let migrator = PostgresMigrator(schema: schema, migrations: [
                PostgresMigration(version: 1, name: "a", sql: "CREATE SCHEMA \(schema);"),
                PostgresMigration(version: 1, name: "b", sql: "SELECT 1;"),
            ])
            let error = await #expect(throws: PostgresError.self) { try await migrator.migrate(on: pool, logger: testLogger) }
            #expect(error?.code == .migration)
            #expect(error?.message.contains("two migrations numbered 1") == true)
            let recorded = try await history(schema, pool)
            #expect(recorded.isEmpty)
        }
    }

    @Test("load(schema:directory:) reads NNNN_name.sql files in version order and ignores other files")
    func loadsDirectory() throws {
        try withDirectory(["0002_add_products.sql": "CREATE TABLE p (id int);", "0001_create.sql": "CREATE SCHEMA s;",
                           "0010_tenth.sql": "SELECT 10;", "README.md": "not a migration", "notes.txt": "x"]) { directory in
            let migrator = try PostgresMigrator.load(schema: "s", directory: directory)
            #expect(migrator.schema == "s")
            #expect(migrator.migrations.map(\.version) == [1, 2, 10])
            #expect(migrator.migrations.map(\.name) == ["create", "add_products", "tenth"])
            #expect(migrator.migrations[1].sql == "CREATE TABLE p (id int);")
        }
    }

    @Test("load(schema:directory:) rejects a badly named .sql file, naming it", arguments: ["create_table.sql", "0000_zero.sql", "12.sql", "v1_init.sql"])
    func rejectsBadFileName(file: String) throws {
        try withDirectory(["0001_ok.sql": "SELECT 1;", file: "SELECT 2;"]) { directory in
            let error = #expect(throws: PostgresError.self) { try PostgresMigrator.load(schema: "s", directory: directory) }
            #expect(error?.code == .migration)
            #expect(error?.message.contains("'\(file)'") == true)
        }
    }

    @Test("load(schema:directory:) of a missing directory fails with .migration")
    func missingDirectory() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresMigrator.load(schema: "s", directory: URL(fileURLWithPath: "/nonexistent/\(uniqueName("dir"))"))
        }
        #expect(error?.code == .migration)
    }

    @Test("The checksum changes with the SQL and is 16 hex digits")
    func checksum() {
        let a = PostgresMigration(version: 1, name: "a", sql: "CREATE TABLE t (id int);")
        let b = PostgresMigration(version: 1, name: "a", sql: "CREATE TABLE t (id int8);")
        #expect(a.checksum != b.checksum)
        #expect(a.checksum == PostgresMigration(version: 9, name: "other", sql: a.sql).checksum)
        #expect(a.checksum.count == 16 && a.checksum.allSatisfy(\.isHexDigit))
    }

    private func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("migrations"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try body(directory)
    }
}
