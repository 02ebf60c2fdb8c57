import Foundation
import Logging

/// Applies a schema's migrations. History lives in `public.otop_schema_migrations` (one row per
/// schema and version). All pending migrations of a schema run in one transaction holding a
/// transaction-level advisory lock, so replicas starting together apply each migration exactly
/// once: the second waits for the first, then finds nothing left to do.
public struct PostgresMigrator: Sendable {
    /// The advisory lock every migrator takes (one key for all schemas: migrations are rare).
    static let lockKey = "otop.schema-migrations"

    public let schema: String
    public let migrations: [PostgresMigration]

    public init(schema: String, migrations: [PostgresMigration]) {
        self.schema = schema
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Reads `NNNN_name.sql` files from `directory` (other files are ignored).
    public static func load(schema: String, directory: URL) throws -> PostgresMigrator {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PostgresError(code: .migration, message: "cannot list migrations in \(directory.path): \(error.localizedDescription)")
        }
        var migrations: [PostgresMigration] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw PostgresError(code: .migration, message: "migration file '\(file)' in \(directory.path) is not named NNNN_name.sql")
            }
            let sql: String
            do {
                sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            } catch {
                throw PostgresError(code: .migration, message: "cannot read migration \(file): \(error.localizedDescription)")
            }
            migrations.append(PostgresMigration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        return PostgresMigrator(schema: schema, migrations: migrations)
    }

    /// Applies the pending migrations and returns their versions (empty when up to date). Fails
    /// without changing anything when two migrations share a version or an applied migration's
    /// script changed since.
    @discardableResult
    public func migrate(on pool: PostgresPool, logger: Logger) async throws -> [Int] {
        var seen = Set<Int>()
        for migration in migrations where !seen.insert(migration.version).inserted {
            throw PostgresError(code: .migration, message: "schema \(schema) has two migrations numbered \(migration.version)")
        }
        return try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(Self.lockKey)))")
            try await connection.execute("""
                CREATE TABLE IF NOT EXISTS public.otop_schema_migrations (
                    schema     text NOT NULL,
                    version    int NOT NULL,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (schema, version)
                )
                """)
            var applied: [Int: (name: String, checksum: String)] = [:]
            for row in try await connection.query(
                "SELECT version, name, checksum FROM public.otop_schema_migrations WHERE schema = \(schema)") {
                applied[try row.decode(Int.self, column: "version")] =
                    (try row.decode(String.self, column: "name"), try row.decode(String.self, column: "checksum"))
            }
            var done: [Int] = []
            for migration in migrations {
                if let earlier = applied[migration.version] {
                    guard earlier.checksum == migration.checksum else {
                        throw PostgresError(code: .migration, message: """
                            migration \(schema) \(migration.version) (\(migration.name)) was changed after it was applied \
                            (recorded checksum \(earlier.checksum), file \(migration.checksum)); add a new migration instead
                            """)
                    }
                    continue
                }
                do {
                    try await connection.executeScript(migration.sql)
                } catch let error as PostgresError {
                    var failed = error
                    failed.message = "migration \(schema) \(migration.version) (\(migration.name)) failed: \(error.message)"
                    throw failed
                }
                try await connection.execute("""
                    INSERT INTO public.otop_schema_migrations (schema, version, name, checksum)
                    VALUES (\(schema), \(migration.version), \(migration.name), \(migration.checksum))
                    """)
                logger.info("migration applied", metadata: ["schema": "\(schema)", "version": "\(migration.version)",
                                                              "name": "\(migration.name)"])
                done.append(migration.version)
            }
            return done
        }
    }
}
