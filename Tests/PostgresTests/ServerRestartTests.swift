import Postgres
import TestSupport
import Testing

/// A real restart of a PostgreSQL server of the test's own: the pool and the listener recover by
/// themselves once the server is back.
@Suite("Recovery after a server restart")
struct ServerRestartTests {
    @Test("After pg_ctl restart the pool's next query succeeds and the listener reconnects and receives")
    func poolAndListenerRecover() async throws {
        try await ThrowawayServer.with { server in
            let pool = PostgresPool(configuration: server.configuration, maxConnections: 2, logger: testLogger)
            let listener = PostgresListener(configuration: server.configuration, channels: ["otop_restart"], logger: testLogger)
            let recorder = NotificationRecorder(listener)
            defer { recorder.cancel() }
            do {
                let before = try await pool.query("SELECT pg_postmaster_start_time()::text AS started").first!
                    .decode(String.self, column: "started")
                try await waitUntil("the listener to connect") { recorder.reconnects == 1 }

                try await server.restart()

                // First try, no retry: the pool notices its idle connection died with the old server.
                let after = try await pool.query("SELECT pg_postmaster_start_time()::text AS started").first!
                    .decode(String.self, column: "started")
                #expect(after != before, "the server did not really restart")
                try await waitUntil("the listener to reconnect after the restart") { recorder.reconnects == 2 }
                try await pool.execute("SELECT pg_notify(\("otop_restart"), \("back"))")
                try await waitUntil("the notification after the restart") {
                    recorder.notifications(on: "otop_restart").map(\.payload) == ["back"]
                }
            } catch {
                await listener.close()
                await pool.close()
                throw error
            }
            await listener.close()
            await pool.close()
        }
    }
}
