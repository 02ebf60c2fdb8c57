import Foundation
import Glibc
import Kafka
import Postgres
import ServiceRuntime
import Synchronization
import TestSupport
import Testing

/// The database and broker checks behind `/health/ready`: run in the background, read from memory,
/// so a probe answers at once whatever the dependency does.
@Suite("Dependency monitors (real PostgreSQL, a private broker)")
struct DependencyMonitorTests {
    @Test("a failing check is reported with its error, a hung one once it overran, and the next success clears both")
    func states() async throws {
        enum Mode { case fail, hang, succeed }
        let mode = Mutex(Mode.fail)
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        struct Refused: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let monitor = DependencyMonitor(name: "thing", interval: .milliseconds(20), overdue: .milliseconds(300)) {
            switch mode.withLock({ $0 }) {
            case .fail: throw Refused()
            case .hang: await withCheckedContinuation { continuation in release.withLock { $0 = continuation } }
            case .succeed: return
            }
        }
        #expect(monitor.status().problem == "thing not checked yet")
        let run = Task { try await monitor.run() }
        defer { run.cancel() }
        try await waitUntil("the failure") { monitor.status().problem == "thing is unreachable: connection refused" }
        #expect(monitor.status().lastUnreachable > .now - .milliseconds(50), "unreachable now")

        mode.withLock { $0 = .succeed }
        try await waitUntil("the recovery") { monitor.status().problem == nil }
        let recovered = monitor.status().lastUnreachable
        try await Task.sleep(for: .milliseconds(100))
        #expect(monitor.status().lastUnreachable == recovered, "the last unreachable moment stays in the past while it is reachable")

        mode.withLock { $0 = .hang }
        try await waitUntil("the hung check to overrun") { monitor.status().problem?.contains("thing has not answered for") == true }
        mode.withLock { $0 = .succeed }
        release.withLock { $0.take() }?.resume()
        try await waitUntil("the recovery after the hang") { monitor.status().problem == nil }
        #expect(monitor.status().lastUnreachable > recovered, "an overrun check counts as a moment the dependency was unreachable")
    }

    @Test("database: healthy on the real server; unreachable when nothing listens; 'has not answered' while a server hangs, read at once")
    func database() async throws {
        var configuration = try PostgresConfiguration(url: try TestEnvironment.databaseURL())
        configuration.applicationName = "health-tests-\(UUID().uuidString.prefix(8))"
        let real = DependencyMonitor.database(configuration, logger: healthLogger("db"))
        await real.checkOnce()
        #expect(real.status().problem == nil, "\(real.status().problem ?? "")")
        await real.checkOnce()
        #expect(real.status().problem == nil, "the kept connection is reused")
        // The kept connection breaks (as after a server restart): the next check opens a new one
        // at once instead of reporting the server unreachable.
        let admin = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: try TestEnvironment.databaseURL()),
                                                         logger: healthLogger("db"))
        let terminated = try await admin.query("""
            SELECT count(pg_terminate_backend(pid))::int8 AS n FROM pg_stat_activity
            WHERE application_name = \(configuration.applicationName + "-health")
            """).first?.decode(Int.self, column: "n")
        await admin.close()
        #expect(terminated == 1, "the monitor keeps one connection of its own")
        await real.checkOnce()
        #expect(real.status().problem == nil, "a broken kept connection is replaced within the same check: \(real.status().problem ?? "")")

        let closed = DependencyMonitor.database(PostgresConfiguration(port: try freeLoopbackPort(), connectTimeoutSeconds: 2),
                                                logger: healthLogger("db"))
        await closed.checkOnce()
        #expect(closed.status().problem?.hasPrefix("database is unreachable:") == true, "\(closed.status().problem ?? "")")

        // A server that accepts the connection and never answers (like a frozen PostgreSQL).
        let (listener, port) = try bindLoopbackSocket(listenBacklog: 8)
        defer { close(listener) }
        let hung = DependencyMonitor.database(PostgresConfiguration(port: port, connectTimeoutSeconds: 10),
                                              logger: healthLogger("db"), interval: .seconds(1), overdue: .seconds(1))
        let check = Task { await hung.checkOnce() }
        defer { check.cancel() }
        try await waitUntil("the hung database check to overrun", timeout: .seconds(5)) {
            let started = ContinuousClock.now
            let problem = hung.status().problem
            #expect(ContinuousClock.now - started < .milliseconds(100), "reading the status does not wait for the check")
            return problem?.contains("database has not answered for") == true
        }
    }

    @Test("broker: a frozen private broker turns /health/ready to 503 naming kafka, every answer within 1 s; resumed, it is 200 again")
    func frozenBroker() async throws {
        try await PrivateBroker.with { broker in
            let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: broker.address, clientID: "health-tests"),
                                       logger: healthLogger("admin"))
            let monitor = DependencyMonitor.broker(admin, interval: .milliseconds(500), overdue: .seconds(2))
            let health = HealthRegistry(policy: shortPolicy())
            health.add(monitor)
            let run = Task { try await monitor.run() }
            defer { run.cancel() }
            try await servingProbes(health) { probes in
                _ = try await probes.await("/health/ready", "ready with the broker running") { $0.status == 200 }
                broker.pause()
                let frozen = try await probes.await("/health/ready", "503 with the broker frozen", timeout: .seconds(15)) {
                    $0.status == 503
                }
                let problem = frozen.checks["kafka"] ?? ""
                #expect(problem.contains("kafka has not answered for") || problem.contains("kafka is unreachable"), "\(problem)")
                let live = try await probes.get("/health/live")
                #expect(live.status == 200 && live.elapsed < .seconds(1), "a broker outage is not a reason to restart")
                broker.resume()
                _ = try await probes.await("/health/ready", "200 again once the broker runs", timeout: .seconds(20)) { $0.status == 200 }
            }
            run.cancel()
            _ = try? await run.value
            await admin.shutdown()
        }
    }
}
