import Logging

/// A bounded set of connections shared by a process. Connections open on demand up to
/// `maxConnections`; callers beyond that wait their turn. A connection that broke (server restart,
/// network cut) or was left inside a transaction is closed instead of reused, and the next caller
/// opens a fresh one, so the pool recovers by itself once the server is back.
public actor PostgresPool {
    public nonisolated let configuration: PostgresConfiguration
    public nonisolated let maxConnections: Int
    nonisolated let logger: Logger

    private var idle: [PostgresConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<PostgresConnection?, any Error>] = []
    private var closed = false

    public init(configuration: PostgresConfiguration, maxConnections: Int, logger: Logger) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards.
    public nonisolated func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        let connection = try await acquire()
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws.
    public nonisolated func withTransaction<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withConnection { connection in try await connection.withTransaction(body) }
    }

    /// Runs `query` on any connection and returns its rows.
    public nonisolated func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `query` on any connection and returns the number of rows it changed.
    @discardableResult
    public nonisolated func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Whether the server answers `SELECT 1` (used by readiness probes).
    public nonisolated func ping() async -> Bool {
        (try? await query("SELECT 1 AS one")) != nil
    }

    /// Closes idle connections now and the others as they come back; waiting callers fail.
    public func close() async {
        closed = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume(throwing: PostgresError(code: .poolClosed, message: "the pool was closed")) }
        let connections = idle
        idle.removeAll()
        open -= connections.count
        for connection in connections { await connection.close() }
    }

    /// Connections currently open (idle or lent out); for metrics and tests.
    public var openConnections: Int { open }

    func acquire() async throws -> PostgresConnection {
        while true {
            guard !closed else { throw PostgresError(code: .poolClosed, message: "the pool is closed") }
            while let connection = idle.popLast() {
                if await connection.isReusable() { return connection }
                open -= 1
                logger.info("postgres connection found broken; replacing it")
                await connection.close()
            }
            if open < maxConnections {
                open += 1
                do {
                    return try await PostgresConnection.connect(configuration: configuration, logger: logger)
                } catch {
                    open -= 1
                    if let waiter = waiters.first {
                        waiters.removeFirst()
                        waiter.resume(returning: nil)
                    }
                    throw error
                }
            }
            // Full: wait for a connection handed over by `release`, or `nil` meaning "try again".
            if let connection = try await withCheckedThrowingContinuation({ waiters.append($0) }) {
                return connection
            }
        }
    }

    func release(_ connection: PostgresConnection) async {
        guard !closed, await connection.isReusable() else {
            open -= 1
            await connection.close()
            if let waiter = waiters.first {
                waiters.removeFirst()
                waiter.resume(returning: nil)
            }
            return
        }
        if let waiter = waiters.first {
            waiters.removeFirst()
            waiter.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }
}
