import Foundation
import Glibc

/// A small server written in Python under `scripts/standins/` (a STARTTLS SMTP server, the LINE and
/// SMS stand-ins), started by a test on a free loopback port and stopped with SIGTERM. The script
/// prints `ready <port>` once it listens; its output goes to a log file in its work folder.
public final class ScriptServer: Sendable {
    public let port: Int
    /// The folder the server writes what it received to (removed by ``stop()``).
    public let folder: URL
    private let process: Process

    /// The repository's root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Python of the local infrastructure's venv (`$OTOP_VENV`), which has aiosmtpd.
    public static var python: String {
        if let venv = ProcessInfo.processInfo.environment["OTOP_VENV"], !venv.isEmpty { return venv + "/bin/python" }
        return "/usr/bin/python3"
    }

    /// Starts `scripts/standins/<script>` with `arguments` plus `--port <free port>`; waits up to
    /// 20 s for its `ready` line.
    public init(script: String, arguments: [String], folder: URL? = nil) async throws {
        let folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("otop-standin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try freeLoopbackPort()
        let log = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.repositoryRoot.appendingPathComponent("scripts/standins/\(script)").path, "--port", "\(port)"] + arguments
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.port = port
        self.folder = folder
        self.process = process
        do {
            try await waitUntil("\(script) to listen on \(port)", timeout: .seconds(20), pollEvery: .milliseconds(50)) {
                guard process.isRunning else {
                    throw ToolFailed(tool: script, status: process.terminationStatus,
                                     output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
                }
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                return text.contains("ready \(port)")
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Stops the server (SIGTERM; SIGKILL when it is still running 5 s later) and removes its folder.
    public func stop(keepFolder: Bool = false) {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if !keepFolder { try? FileManager.default.removeItem(at: folder) }
    }
}
