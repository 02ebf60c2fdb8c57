import Foundation

/// One of the real executables, started as a separate process with its own environment; its output
/// goes to a log file that failing tests print.
final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched from the test's task, start to stop.
    let name: String
    let port: Int
    let logFile: URL
    private let process = Process()

    init(name: String, binDirectory: String, port: Int, environment: [String: String], logDirectory: URL) throws {
        self.name = name
        self.port = port
        self.logFile = logDirectory.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: binDirectory).appendingPathComponent(name)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .merging(["HTTP_PORT": "\(port)"]) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// Sends SIGTERM and waits up to `timeout` for the exit; returns the exit status (nil on timeout).
    func terminate(timeout: Duration) async throws -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        do {
            return try await eventually(timeout: timeout, every: .milliseconds(50), "\(name) to exit") {
                process.isRunning ? nil : process.terminationStatus
            }
        } catch is TimedOut {
            return nil
        }
    }

    /// SIGKILL: a crash.
    func kill9() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
    }
}
