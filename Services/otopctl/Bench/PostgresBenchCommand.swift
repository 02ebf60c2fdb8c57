import ArgumentParser
import Foundation
import Messaging
import Postgres

/// `otopctl bench postgres`: point reads through our libpq layer and pool, the same statement
/// `pgbench -S -M extended` runs, so the two can be compared on the same tables and machine
/// (scripts/bench_postgres.sh runs both). Prints `tps=<float> queries=<int> clients=<int>`.
struct PostgresBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Point reads on pgbench_accounts through the Postgres layer (compare with pgbench -S -M extended).")

    @Option(help: "Concurrent clients (and pool connections).")
    var clients = 4

    @Option(help: "How long to run, in seconds.")
    var seconds = 10.0

    func run() async throws {
        guard clients > 0, seconds > 0 else { throw ValidationError("--clients and --seconds must be positive") }
        let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: clients,
                                logger: CommandEnvironment.logger)
        defer { Task { await pool.close() } }
        let accounts: Int
        do {
            accounts = try await pool.query("SELECT count(*)::int8 AS n FROM pgbench_accounts").first?.decode(Int.self, column: "n") ?? 0
        } catch {
            throw CommandError("pgbench_accounts is missing or unreadable (run `pgbench -i` first): \(error)")
        }
        guard accounts > 0 else { throw CommandError("pgbench_accounts is empty (run `pgbench -i` first)") }
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int64(seconds * 1000))
        let queries = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var generator = SystemRandomNumberGenerator()
                    var done = 0
                    while clock.now < deadline {
                        let aid = Int.random(in: 1...accounts, using: &generator)
                        let rows = try await pool.query("SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)")
                        _ = try rows.first?.decode(Int.self, column: "abalance")
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = (clock.now - started).seconds
        print("tps=\(String(format: "%.1f", Double(queries) / elapsed)) queries=\(queries) clients=\(clients)")
    }
}
