#if DEBUG
import Foundation
import Logging
import Messaging
import Postgres

/// A clock for end-to-end tests (the tracker's ``WallClock`` when `CERTIFICATION_TEST_CLOCK=database`):
/// "now" is the instant in the single row of
/// `certification.test_clock` plus the real time elapsed since it was set, so a test moves the clock
/// months ahead with one `UPDATE ... SET now = ...` and time then runs on from there (events keep
/// their order). A trigger wakes the scheduler when the row changes.
///
/// It cannot be switched on by accident in production: it exists only in debug builds (deployed
/// images are release builds, and a release build refuses `CERTIFICATION_TEST_CLOCK` at start),
/// it needs `CERTIFICATION_TEST_CLOCK=database`, and its table is created by this type, not by the
/// schema's migrations. The service logs a warning at start when it is on.
struct DatabaseTestClock: WallClock {
    /// The channel the trigger notifies (the scheduler's wake-up channel).
    let channel: String
    let pool: PostgresPool

    /// Creates the table (starting at the real time) and the trigger, if missing.
    func install() async throws {
        try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext('otop.certification.test_clock'))")
            try await connection.execute("""
                CREATE TABLE IF NOT EXISTS certification.test_clock (
                    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
                    now      timestamptz NOT NULL,
                    set_at   timestamptz NOT NULL DEFAULT clock_timestamp()
                )
                """)
            try await connection.execute("INSERT INTO certification.test_clock (now) VALUES (now()) ON CONFLICT DO NOTHING")
            try await connection.execute(PostgresQuery(sql: """
                CREATE OR REPLACE FUNCTION certification.test_clock_set() RETURNS trigger AS $$
                BEGIN NEW.set_at := clock_timestamp(); RETURN NEW; END $$ LANGUAGE plpgsql
                """))
            try await connection.execute(PostgresQuery(sql: """
                CREATE OR REPLACE FUNCTION certification.test_clock_moved() RETURNS trigger AS $$
                BEGIN PERFORM pg_notify('\(channel)', 'clock'); RETURN NULL; END $$ LANGUAGE plpgsql
                """))
            try await connection.execute("DROP TRIGGER IF EXISTS test_clock_set ON certification.test_clock")
            try await connection.execute("""
                CREATE TRIGGER test_clock_set BEFORE UPDATE ON certification.test_clock
                FOR EACH ROW EXECUTE FUNCTION certification.test_clock_set()
                """)
            try await connection.execute("DROP TRIGGER IF EXISTS test_clock_moved ON certification.test_clock")
            try await connection.execute("""
                CREATE TRIGGER test_clock_moved AFTER UPDATE ON certification.test_clock
                FOR EACH STATEMENT EXECUTE FUNCTION certification.test_clock_moved()
                """)
        }
    }

    func now() async throws -> Date {
        let rows = try await pool.query("SELECT now + (clock_timestamp() - set_at) AS now FROM certification.test_clock")
        guard let row = rows.first else { throw PostgresError(code: .decoding, message: "certification.test_clock has no row") }
        return try row.decode(Date.self, column: "now")
    }
}
#endif
