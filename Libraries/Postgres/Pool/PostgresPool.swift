import Logging
import Synchronization

/// A bounded set of connections shared by a process. Connections open on demand up to
/// `maxConnections`; callers beyond that wait their turn (first come, first served). A connection
/// that broke (server restart, network cut) or was left inside a transaction is closed instead of
/// reused, and the next caller opens a fresh one, so the pool recovers by itself once the server
/// is back. Taking and returning an idle connection is a short critical section under a lock: no
/// executor hop on the way to the statement.
public final class PostgresPool: Sendable {
    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<Handout, any Error>] = []
        var closed = false
    }

    /// What a caller waiting for a connection is given.
    private enum Handout {
        /// An idle connection (checked for breakage by its next statement).
        case idle(PostgresConnection)
        /// A connection another caller just returned in good order.
        case handedOver(PostgresConnection)
        /// Room to open a new connection (counted in `open` already): a fresh slot, or the slot of
        /// a connection that was closed or failed to open, passed on to the longest waiter.
        case mayConnect
    }

    public let configuration: PostgresConfiguration
    public let maxConnections: Int
    let logger: Logger
    private let state = Mutex(State())

    public init(configuration: PostgresConfiguration, maxConnections: Int, logger: Logger) {
        precondition(maxConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards. When the connection turns out to
    /// have broken while idle (detected before its first statement was sent), `body` runs again on
    /// a fresh connection.
    public func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        while true {
            let connection = try await acquire()
            let result: Result
            do {
                result = try await body(connection)
            } catch let stale as StaleConnection where stale.connection == ObjectIdentifier(connection) {
                logger.info("postgres connection broke while idle; retrying on a new one")
                await release(connection)
                continue
            } catch is StaleConnection {
                // Another connection's (lent by an enclosing `withConnection`): this body already ran
                // statements, so neither it nor the enclosing body may run again.
                await release(connection)
                throw PostgresError(code: .connectionLost, message: "a connection broke while idle after other statements had run")
            } catch {
                await release(connection)
                throw error
            }
            await release(connection)
            return result
        }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back
    /// when it throws.
    public func withTransaction<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withConnection { connection in try await connection.withTransaction(body) }
    }

    /// Runs `query` on any connection and returns its rows.
    public func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs `query` on any connection and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs `queries` as one pipeline on any connection: one round trip, one implicit transaction
    /// (see ``PostgresConnection/pipeline(_:)``).
    public func pipeline(_ queries: [PostgresQuery]) async throws -> [PostgresResult] {
        try await withConnection { try await $0.pipeline(queries) }
    }

    /// Whether the server answers `SELECT 1` (used by readiness probes).
    public func ping() async -> Bool {
        (try? await query("SELECT 1 AS one")) != nil
    }

    /// Closes idle connections now and the others as they come back; waiting callers fail.
    public func close() async {
        let (waiters, idle) = state.withLock { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.waiters.removeAll()
                state.idle.removeAll()
            }
            return (state.waiters, state.idle)
        }
        for waiter in waiters { waiter.resume(throwing: PostgresError(code: .poolClosed, message: "the pool was closed")) }
        for connection in idle { await connection.close() }
    }

    /// Connections currently open (idle or lent out); for metrics and tests.
    public var openConnections: Int { state.withLock { $0.open } }

    func acquire() async throws -> PostgresConnection {
        // Fast path: an idle connection or room for a new one, without suspending.
        var handout = state.withLock { state -> Handout? in Self.take(&state, limit: maxConnections) }
        if handout == nil {
            handout = try await withCheckedThrowingContinuation { continuation in
                let immediate = state.withLock { state -> Result<Handout, any Error>? in
                    if state.closed { return .failure(PostgresError(code: .poolClosed, message: "the pool is closed")) }
                    if let handout = Self.take(&state, limit: maxConnections) { return .success(handout) }
                    state.waiters.append(continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        }
        switch handout! {
        case .idle(let connection):
            connection.checkBeforeNextUse()
            return connection
        case .handedOver(let connection):
            return connection
        case .mayConnect:
            do {
                return try await PostgresConnection.connect(configuration: configuration, logger: logger)
            } catch {
                // The slot goes to the longest waiter (it tries for itself), else it is freed.
                let waiter = state.withLock { state in
                    if state.waiters.isEmpty || state.closed {
                        state.open -= 1
                        return nil as CheckedContinuation<Handout, any Error>?
                    }
                    return state.waiters.removeFirst()
                }
                waiter?.resume(returning: .mayConnect)
                throw error
            }
        }
    }

    /// An idle connection, or room for a new one, or `nil` when the caller must wait.
    private static func take(_ state: inout State, limit: Int) -> Handout? {
        guard !state.closed else { return nil }
        if let connection = state.idle.popLast() { return .idle(connection) }
        if state.open < limit {
            state.open += 1
            return .mayConnect
        }
        return nil
    }

    func release(_ connection: PostgresConnection) async {
        let reusable = connection.isReusable
        let (waiter, keep) = state.withLock { state -> (CheckedContinuation<Handout, any Error>?, Bool) in
            let waiter = state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            guard reusable, !state.closed else {
                // The broken connection's slot goes to the longest waiter, so nobody overtakes it.
                if waiter == nil { state.open -= 1 }
                return (waiter, false)
            }
            if waiter == nil { state.idle.append(connection) }
            return (waiter, true)
        }
        if keep {
            waiter?.resume(returning: .handedOver(connection))
        } else {
            waiter?.resume(returning: .mayConnect)
            await connection.close()
        }
    }
}
