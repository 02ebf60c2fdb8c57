import Foundation
import Glibc
import Postgres
import TestSupport
import Testing

/// A PostgreSQL server of a test's own (initdb into a temporary directory, trust authentication,
/// listening on a free loopback port), for tests that restart the server. Needs `OTOP_PG_BIN`
/// (the directory with `initdb` and `pg_ctl`). As root, the server runs as the `postgres` user.
struct ThrowawayServer: Sendable {
    let directory: URL
    let port: Int
    let binaries: URL

    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var configuration: PostgresConfiguration { PostgresConfiguration(host: "127.0.0.1", port: port, user: "postgres", database: "postgres") }

    /// Creates and starts a server, runs `body`, then stops the server and deletes its files (also
    /// when `body` throws).
    static func with<Result>(_ body: (ThrowawayServer) async throws -> Result) async throws -> Result {
        let bin = try TestEnvironment.require("OTOP_PG_BIN")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("otop-pg"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        let server = ThrowawayServer(directory: directory, port: try freeLoopbackPort(), binaries: URL(fileURLWithPath: bin))
        return try await tearingDown({ await server.destroy() }) {
            if getuid() == 0 { try await server.run("/bin/chown", ["postgres", directory.path]) }
            try await server.pg("initdb", ["-D", server.dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                           "--locale=C.UTF-8", "--no-sync", "--no-instructions"])
            try await server.pg("pg_ctl", ["-D", server.dataDirectory, "-l", server.logFile, "-w", "-t", "20",
                                           "-o", server.serverOptions, "start"])
            return try await body(server)
        }
    }

    /// A fast shutdown (active sessions are terminated) followed by a start; returns once the
    /// server accepts connections again.
    func restart() async throws {
        try await pg("pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-t", "20", "-m", "fast", "-o", serverOptions, "restart"])
    }

    private var logFile: String { directory.appendingPathComponent("server.log").path }
    private var serverOptions: String {
        "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory.path) -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    }

    private func destroy() async {
        try? await pg("pg_ctl", ["-D", dataDirectory, "-w", "-t", "20", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    private func pg(_ tool: String, _ arguments: [String]) async throws {
        let path = binaries.appendingPathComponent(tool).path
        if getuid() == 0 {
            try await run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try await run(path, arguments)
        }
    }

    /// Runs a program to its end and throws on a non-zero exit. Spawned with `posix_spawn` and
    /// reaped with `waitpid` on a thread of its own (off the cooperative pool). Not Foundation's
    /// `Process`: on Linux it notices a child's end through a descriptor the child inherits, and
    /// the server that `pg_ctl start` leaves running inherits it too, so `pg_ctl` would never seem to finish.
    private func run(_ executable: String, _ arguments: [String]) async throws {
        let outputPath = directory.appendingPathComponent("command-\(UUID().uuidString.prefix(8)).out").path
        let command = ([executable] + arguments).joined(separator: " ")
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try Self.spawnAndWait(executable, arguments, outputPath: outputPath) })
            }
            thread.name = "otop.pgtests.spawn"
            thread.start()
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        guard status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw ServerCommandFailed(command: command, status: status,
                                      output: output + "\n--- server log ---\n" + log.suffix(2000))
        }
    }

    /// Blocking: spawns `executable` with stdin from /dev/null and stdout+stderr into `outputPath`,
    /// waits for it and returns its exit status (128 + signal when killed).
    private static func spawnAndWait(_ executable: String, _ arguments: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw ServerCommandFailed(command: executable, status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ServerCommandFailed(command: "waitpid", status: errno, output: "") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

struct ServerCommandFailed: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let output: String
    var description: String { "\(command) exited with \(status):\n\(output)" }
}
