import Postgres

/// What the server sees of a client's connections (`pg_stat_activity`), asked over another connection.
enum Backends {
    /// How many server backends have `applicationName`.
    static func count(applicationName: String, on connection: PostgresConnection) async throws -> Int {
        try await connection.query("""
            SELECT count(*)::int8 AS n FROM pg_stat_activity WHERE application_name = \(applicationName)
            """).first!.decode(Int.self, column: "n")
    }

    /// Terminates every backend with `applicationName` and waits until each has exited
    /// (`pg_terminate_backend` with a timeout waits); returns how many there were.
    @discardableResult
    static func terminate(applicationName: String, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query("""
            SELECT pg_terminate_backend(pid, 5000) AS gone FROM pg_stat_activity
            WHERE application_name = \(applicationName) AND pid <> pg_backend_pid()
            """)
        for row in rows where try !row.decode(Bool.self, column: "gone") {
            throw BackendStillRunning(applicationName: applicationName)
        }
        return rows.count
    }
}

struct BackendStillRunning: Error, CustomStringConvertible {
    let applicationName: String
    var description: String { "a backend of \(applicationName) did not exit within 5 s of pg_terminate_backend" }
}
