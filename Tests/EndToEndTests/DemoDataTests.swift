import Foundation
import TestSupport
import Testing

/// `scripts/demo_data.py`, which `scripts/run.sh` runs on every start, against the real system:
/// run twice, it succeeds both times and keeps one copy of the demo providers, enterprises and
/// clients and of the portal's demo scene (each run submits one request of its own).
@Suite("Demo data (scripts/demo_data.py) against the real system", .serialized)
struct DemoDataTests {
    @Test("run twice: both runs succeed and one copy of every demo party and client remains")
    func runTwice() async throws {
        try await RunningSystem.run { system in
            let state = system.logDirectory.appendingPathComponent("demo-clients.json").path
            let first = try await demo(system, state: state)
            #expect(first.status == 0, "first run:\n\(first.output)")
            let counts = (providers: try await system.count("SELECT count(*)::int8 AS n FROM intake.providers"),
                          enterprises: try await system.count("SELECT count(*)::int8 AS n FROM intake.enterprises"),
                          clients: try await system.count("SELECT count(*)::int8 AS n FROM intake.api_clients"),
                          requests: try await system.count("SELECT count(*)::int8 AS n FROM intake.requests"))
            let second = try await demo(system, state: state)
            #expect(second.status == 0, "second run:\n\(second.output)")
            #expect(second.output.contains("provider already registered"), "\(second.output)")
            #expect(second.output.contains("enterprise already registered"), "\(second.output)")

            // The second run's import of the sample files (scripts/demo/*.csv) changes nothing.
            #expect(first.output.contains("providers.csv, imported: 13 rows: created 11, updated 0, unchanged 0, failed 0"),
                    "\(first.output)")
            #expect(second.output.contains("providers.csv, imported: 13 rows: created 0, updated 0, unchanged 11, failed 0"),
                    "\(second.output)")
            #expect(second.output.contains("enterprises.csv, imported: 25 rows: created 0, updated 0, unchanged 15, failed 0"),
                    "\(second.output)")

            // The officer's dashboard at the end: the journey's request completed and rated with its
            // income up 45,000 → 52,000 baht (the demo enterprise's latest report counts once).
            #expect(first.output.contains("income +10 % or more: 1 of 1 enterprises reporting"), "\(first.output)")
            #expect(second.output.contains("income +10 % or more: 1 of 1 enterprises reporting"), "\(second.output)")

            // The portal's demo scene (scripts/demo/portal_scene.py) is built by the first run only.
            #expect(first.output.contains("waiting for pre-qualification"), "\(first.output)")
            #expect(first.output.contains("past its response window"), "\(first.output)")
            #expect(second.output.contains("=== the portal's demo scene ===\nalready built on this database"), "\(second.output)")

            // The second run registers no party and makes no client; it submits its one request.
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM intake.providers") == counts.providers)
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == counts.enterprises)
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM intake.api_clients") == counts.clients)
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM intake.requests") == counts.requests + 1)
            // The demo's own 3 providers, the sample file's 11 and the scene's one waiting for pre-qualification.
            #expect(counts.providers == 3 + 11 + 1)
            _ = try await eventually("matching to know every demo provider", timeout: .seconds(30)) { () -> Bool? in
                try await system.count("SELECT count(*)::int8 AS n FROM matching.providers") == counts.providers ? true : nil
            }
        }
    }

    /// Runs the script the way `scripts/run.sh` does, against `system`; returns its status and output.
    private func demo(_ system: RunningSystem, state: String) async throws -> (status: Int32, output: String) {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["OTOP_VENV"].map { "\($0)/bin/python" } ?? "/usr/bin/python3"
        let output = system.logDirectory.appendingPathComponent("demo-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [repository.appendingPathComponent("scripts/demo_data.py").path,
                             "--api", system.intake.base, "--maildir", system.maildir, "--state", state,
                             "--database-url", system.databaseURL, "--timeout", "90"]
        process.environment = ProcessInfo.processInfo.environment.merging(["INTAKE_OPERATOR_TOKEN": system.operatorToken]) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let status = try await eventually("demo_data.py to finish", timeout: .seconds(240), pollEvery: .milliseconds(200)) {
            process.isRunning ? nil : process.terminationStatus
        }
        try handle.close()
        return (status, String(decoding: try Data(contentsOf: output), as: UTF8.self))
    }
}
