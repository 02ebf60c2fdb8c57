import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// One of the real executables, started as a separate process with its own environment; its output
/// goes to a log file that failing tests print. A crash test can kill it with any signal and start it
/// again with the same environment, port and log file (the new run's output is appended). A name
/// `<executable>#<n>` starts another replica of the executable.
final class ServiceProcess: Sendable {
    let name: String
    let port: Int
    let logFile: URL
    private let executable: URL
    let environment: [String: String]
    /// The current run; replaced by `restart()`.
    private let process: Mutex<Process>

    init(name: String, binDirectory: String, port: Int, environment: [String: String], logDirectory: URL) throws {
        self.name = name
        self.port = port
        self.logFile = logDirectory.appendingPathComponent("\(name).log")
        // `matching#2` is a second replica of `matching`: same executable, a log of its own.
        self.executable = URL(fileURLWithPath: binDirectory).appendingPathComponent(String(name.prefix { $0 != "#" }))
        self.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            .merging(["HTTP_PORT": "\(port)"]) { _, new in new }
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        self.process = Mutex(try Self.launch(executable, environment: self.environment, log: logFile))
    }

    private static func launch(_ executable: URL, environment: [String: String], log: URL) throws -> Process {
        let handle = try FileHandle(forWritingTo: log)
        try handle.seekToEnd()
        let process = Process()
        process.executableURL = executable
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    private var current: Process { process.withLock { $0 } }
    var isRunning: Bool { current.isRunning }
    var pid: Int32 { current.processIdentifier }

    /// Sends SIGTERM and waits up to `timeout` for the exit; returns the exit status (nil on timeout).
    func terminate(timeout: Duration) async throws -> Int32? {
        let process = current
        guard process.isRunning else { return process.terminationStatus }
        Glibc.kill(process.processIdentifier, SIGTERM)
        do {
            return try await eventually("\(name) to exit", timeout: timeout, pollEvery: .milliseconds(50)) {
                process.isRunning ? nil : process.terminationStatus
            }
        } catch is TimedOut {
            return nil
        }
    }

    /// Sends `signal` (SIGKILL: a crash) and waits until the process is gone.
    func kill(signal: Int32) async throws {
        let process = current
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, signal)
        _ = try await eventually("\(name) to die of signal \(signal)", timeout: .seconds(10), pollEvery: .milliseconds(5)) {
            process.isRunning ? nil : true
        }
    }

    /// SIGKILL: a crash (synchronous, for cleanup).
    func kill9() {
        let process = current
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Starts the executable again with the same environment and port; output is appended to the
    /// same log file after a marker line. The previous run must have exited.
    func restart() throws {
        try process.withLock { process in
            precondition(!process.isRunning, "\(name) is still running: kill it first")
            let marker = "----- \(name) restarted (previous run ended with status \(process.terminationStatus)) -----\n"
            let handle = try FileHandle(forWritingTo: logFile)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(marker.utf8))
            try handle.close()
            process = try Self.launch(executable, environment: environment, log: logFile)
        }
    }

    func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
    }
}
