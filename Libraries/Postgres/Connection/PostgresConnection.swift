import CLibPQ
import Dispatch
import Logging

/// One connection to PostgreSQL. libpq is blocking, so every call runs on the connection's own
/// serial dispatch queue and the caller awaits it: the cooperative thread pool never blocks.
/// Statements on one connection run one after another; use a ``PostgresPool`` for concurrency.
public final class PostgresConnection: @unchecked Sendable {
    // `handle` is read and written only on `queue`; that is what makes the class Sendable.
    private var handle: OpaquePointer?
    private let queue: DispatchQueue
    public let configuration: PostgresConfiguration
    let logger: Logger

    private init(handle: OpaquePointer, configuration: PostgresConfiguration, queue: DispatchQueue, logger: Logger) {
        self.handle = handle
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
    }

    /// Opens a connection; fails with ``PostgresError/Code/connectionFailed`` saying why.
    public static func connect(configuration: PostgresConfiguration, logger: Logger) async throws -> PostgresConnection {
        let queue = DispatchQueue(label: "otop.postgres.connection")
        let handle = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<SendableHandle, any Error>) in
            queue.async {
                do {
                    continuation.resume(returning: SendableHandle(pointer: try LibPQ.connect(configuration)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        logger.debug("postgres connection opened", metadata: ["database": "\(configuration.safeDescription)"])
        return PostgresConnection(handle: handle.pointer, configuration: configuration, queue: queue, logger: logger)
    }

    /// Runs `query` and returns its rows.
    public func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await run { handle throws(PostgresError) in try LibPQ.execute(handle, query).rows }
    }

    /// Runs `query` and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await run { handle throws(PostgresError) in try LibPQ.execute(handle, query).affected }
    }

    /// Runs `body` inside `BEGIN ... COMMIT`; any error rolls back and is rethrown.
    public func withTransaction<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await execute("BEGIN")
        let result: Result
        do {
            result = try await body(self)
        } catch {
            _ = try? await execute("ROLLBACK")
            throw error
        }
        try await execute("COMMIT")
        return result
    }

    /// Runs a fixed script of several statements without parameters. Only for migrations, whose
    /// SQL is part of the program, never built from input.
    package func executeScript(_ sql: String) async throws {
        try await run { handle throws(PostgresError) in try LibPQ.executeScript(handle, sql) }
    }

    /// Whether the connection can be handed out again (open, idle, nothing unexpected received).
    func isReusable() async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.handle.map(LibPQ.isIdleAndHealthy) ?? false)
            }
        }
    }

    /// Closes the connection (sends Terminate). Later calls fail with ``PostgresError/Code/connectionLost``.
    public func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    private func run<Value: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws(PostgresError) -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(throwing: PostgresError(code: .connectionLost, message: "the connection is closed"))
                    return
                }
                do {
                    continuation.resume(returning: try body(handle))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    deinit {
        if let handle { PQfinish(handle) }
    }
}

/// A libpq handle moved from the connecting queue to its owner.
struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
