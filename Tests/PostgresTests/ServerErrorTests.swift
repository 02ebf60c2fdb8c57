import Postgres
import TestSupport
import Testing

/// Statements the server refuses surface as `.server` with the SQLSTATE, and `isTransient` says
/// which failures are worth retrying.
@Suite("Server errors and transient failures")
struct ServerErrorTests {
    @Test("A unique violation is .server with SQLSTATE 23505, names its constraint and table, and is not transient")
    func uniqueViolation() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.withConnection { connection in
                let table = uniqueName("unique")
                try await connection.execute("CREATE TEMP TABLE \(identifier: table) (code text PRIMARY KEY)")
                try await connection.execute("INSERT INTO \(identifier: table) (code) VALUES (\("OTOP-1"))")
                let error = await #expect(throws: PostgresError.self) {
                    try await connection.execute("INSERT INTO \(identifier: table) (code) VALUES (\("OTOP-1"))")
                }
                #expect(error?.code == .server)
                #expect(error?.sqlState == .uniqueViolation)
                #expect(error?.constraint == "\(table)_pkey")
                #expect(error?.table == table)
                #expect(error?.isTransient == false)
                #expect(error?.detail?.contains("OTOP-1") == true)
                // The connection is still usable after a refused statement.
                try await connection.execute("DROP TABLE \(identifier: table)")
            }
        }
    }

    @Test("A syntax error is SQLSTATE 42601 and is not transient")
    func syntaxError() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
            #expect(error?.code == .server)
            #expect(error?.sqlState == .syntaxError)
            #expect(error?.isTransient == false)
            let after = try await pool.query("SELECT 1 AS one")
            #expect(after.count == 1, "the connection is usable after the refused statement")
        }
    }

    @Test("A real serialization failure (concurrent update under REPEATABLE READ) is 40001 and transient")
    func serializationFailure() async throws {
        try await TestDatabase.withPool(maxConnections: 2) { pool in
            let table = uniqueName("serial")
            try await pool.execute("CREATE TABLE public.\(identifier: table) (id int8 PRIMARY KEY, stock int8 NOT NULL)")
            do {
                try await pool.execute("INSERT INTO public.\(identifier: table) (id, stock) VALUES (1, 10)")
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { first in
                        try await first.withTransaction { transaction in
                            try await transaction.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                            _ = try await transaction.query("SELECT stock FROM public.\(identifier: table) WHERE id = 1")
                            // Another connection commits a change to the row this snapshot has seen.
                            try await pool.execute("UPDATE public.\(identifier: table) SET stock = stock - 1 WHERE id = 1")
                            try await transaction.execute("UPDATE public.\(identifier: table) SET stock = stock - 2 WHERE id = 1")
                        }
                    }
                }
                #expect(error?.code == .server)
                #expect(error?.sqlState == .serializationFailure)
                #expect(error?.isTransient == true)
                let stock = try await pool.query("SELECT stock FROM public.\(identifier: table) WHERE id = 1").first!
                #expect(try stock.decode(Int.self, column: "stock") == 9)
            } catch {
                try await pool.execute("DROP TABLE IF EXISTS public.\(identifier: table)")
                throw error
            }
            try await pool.execute("DROP TABLE public.\(identifier: table)")
        }
    }

    @Test("A connection whose backend was terminated fails with a transient .connectionLost")
    func terminatedBackend() async throws {
        let name = uniqueName("pgtests-terminated")
        try await TestDatabase.withConnection(applicationName: name) { victim in
            #expect(try await victim.query("SELECT 1 AS one").count == 1)
            try await TestDatabase.withConnection { admin in
                let terminated = try await Backends.terminate(applicationName: name, on: admin)
                #expect(terminated == 1)
            }
            let error = await #expect(throws: PostgresError.self) { try await victim.query("SELECT 1 AS one") }
            #expect(error?.code == .connectionLost)
            #expect(error?.isTransient == true)
        }
    }

    @Test("Transient by SQLSTATE: 40001, 40P01, 57P01 and other retryable states; not constraint or syntax errors",
          arguments: [("40001", true), ("40P01", true), ("57P01", true), ("57P03", true), ("08006", true), ("53300", true),
                      ("55P03", true), ("57014", true), ("23505", false), ("23503", false), ("42601", false), ("22P02", false)])
    func transientStates(sqlState: String, transient: Bool) {
        #expect(PostgresError(code: .server, message: "m", sqlState: SQLState(sqlState)).isTransient == transient)
    }

    @Test("The named codes are the server's: unique, foreign key, check, not-null and serialization failures")
    func namedStates() {
        #expect(SQLState.uniqueViolation.rawValue == "23505" && SQLState.foreignKeyViolation.rawValue == "23503")
        #expect(SQLState.checkViolation.rawValue == "23514" && SQLState.notNullViolation.rawValue == "23502")
        #expect(SQLState.serializationFailure.rawValue == "40001" && SQLState.deadlockDetected.rawValue == "40P01")
        #expect(SQLState("08006").codeClass == SQLState.connectionExceptionClass)
    }

    @Test("Foreign-key, check, not-null and unique-index violations name their constraint (or index), table and column from libpq's error fields")
    func violationFields() async throws {
        try await TestDatabase.withPool(maxConnections: 1) { pool in
            try await pool.withConnection { connection in
                let parent = uniqueName("parent"), child = uniqueName("child")
                try await connection.execute("CREATE TEMP TABLE \(identifier: parent) (id int8 PRIMARY KEY)")
                try await connection.execute("""
                    CREATE TEMP TABLE \(identifier: child) (
                        id int8 PRIMARY KEY,
                        parent_id int8 NOT NULL CONSTRAINT child_parent REFERENCES \(identifier: parent) (id),
                        quantity int8 CONSTRAINT positive_quantity CHECK (quantity > 0))
                    """)
                try await connection.execute("INSERT INTO \(identifier: parent) (id) VALUES (1)")
                let missing = await #expect(throws: PostgresError.self) {
                    try await connection.execute("INSERT INTO \(identifier: child) (id, parent_id) VALUES (1, 2)")
                }
                #expect(missing?.sqlState == .foreignKeyViolation)
                #expect(missing?.constraint == "child_parent" && missing?.table == child)
                let negative = await #expect(throws: PostgresError.self) {
                    try await connection.execute("INSERT INTO \(identifier: child) (id, parent_id, quantity) VALUES (1, 1, -3)")
                }
                #expect(negative?.sqlState == .checkViolation && negative?.constraint == "positive_quantity")
                let absent = await #expect(throws: PostgresError.self) {
                    try await connection.execute("INSERT INTO \(identifier: child) (id) VALUES (1)")
                }
                #expect(absent?.sqlState == .notNullViolation && absent?.column == "parent_id" && absent?.constraint == nil)
                // A partial unique index (not a constraint) is named the same way.
                try await connection.execute("CREATE UNIQUE INDEX child_quantity ON \(identifier: child) (quantity) WHERE quantity > 10")
                try await connection.execute("INSERT INTO \(identifier: child) (id, parent_id, quantity) VALUES (1, 1, 11)")
                let taken = await #expect(throws: PostgresError.self) {
                    try await connection.execute("INSERT INTO \(identifier: child) (id, parent_id, quantity) VALUES (2, 1, 11)")
                }
                #expect(taken?.sqlState == .uniqueViolation && taken?.constraint == "child_quantity")
            }
        }
    }

    @Test("Transient by code: connection failures are, configuration, decoding and migration errors are not")
    func transientCodes() {
        #expect(PostgresError(code: .connectionLost, message: "m").isTransient)
        #expect(PostgresError(code: .connectionFailed, message: "m").isTransient)
        #expect(!PostgresError(code: .server, message: "m").isTransient)
        #expect(!PostgresError(code: .invalidConfiguration, message: "m").isTransient)
        #expect(!PostgresError(code: .decoding, message: "m").isTransient)
        #expect(!PostgresError(code: .encoding, message: "m").isTransient)
        #expect(!PostgresError(code: .migration, message: "m").isTransient)
    }

    @Test("A connection to a port nobody listens on fails with .connectionFailed naming the target, not the password")
    func connectionRefused() async throws {
        var configuration = try TestDatabase.configuration()
        configuration.port = 1
        configuration.password = "hunter2-secret"
        let error = await #expect(throws: PostgresError.self) {
            _ = try await PostgresConnection.connect(configuration: configuration, logger: testLogger)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.isTransient == true)
        #expect(error?.message.contains(":1/") == true)
        #expect(error?.message.contains("hunter2") == false)
    }
}
