import CLibPQ
import Dispatch
import Logging
import Synchronization

/// One connection to PostgreSQL. libpq is blocking, so every call runs on the connection's own
/// serial dispatch queue and the caller awaits it: the cooperative thread pool never blocks.
/// Statements on one connection run one after another; use a ``PostgresPool`` for concurrency.
public final class PostgresConnection: @unchecked Sendable {
    // `handle` is read and written only on `queue`; that is what makes the class Sendable.
    private var handle: OpaquePointer?
    private let queue: DispatchQueue
    public let configuration: PostgresConfiguration
    let logger: Logger
    /// Set by the pool when it hands out a connection that sat idle: the next statement first
    /// checks, in the same queue hop, that nothing arrived while idle (``LibPQ/isIdleAndHealthy(_:)``).
    private let idleCheckPending = Atomic<Bool>(false)
    /// Whether, after the last statement, the connection is open and outside any transaction, so the
    /// pool can take it back without another trip to the queue.
    private let reusable = Atomic<Bool>(true)
    /// The statements this connection prepared; like `handle`, used only on `queue`.
    private let prepared: PreparedStatements

    private init(handle: OpaquePointer, configuration: PostgresConfiguration, queue: DispatchQueue, logger: Logger) {
        self.handle = handle
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
        self.prepared = PreparedStatements(limit: configuration.preparedStatementLimit)
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
        try await run { [prepared] handle throws(PostgresError) in try LibPQ.execute(handle, query, prepared: prepared).rows }
    }

    /// Runs `query` and returns the number of rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await run { [prepared] handle throws(PostgresError) in try LibPQ.execute(handle, query, prepared: prepared).affected }
    }

    /// Sends `queries` together and reads their results: one round trip for all of them. Outside a
    /// transaction they run as **one implicit transaction** (all committed, or none when one fails);
    /// inside ``withTransaction(_:)`` they are part of that transaction. The first failing
    /// statement's error is thrown (its message says which statement); later ones did not run.
    /// Meant for a handful of statements whose values do not depend on each other's results, such
    /// as the inserts of one write: libpq's blocking pipeline is not made for thousands.
    public func pipeline(_ queries: [PostgresQuery]) async throws -> [PostgresResult] {
        guard !queries.isEmpty else { return [] }
        return try await run { [prepared] handle throws(PostgresError) in try LibPQ.pipeline(handle, queries, prepared: prepared) }
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
        try await run { handle throws(PostgresError) in try LibPQ.commit(handle) }
        return result
    }

    /// Runs a fixed script of several statements without parameters. Only for migrations, whose
    /// SQL is part of the program, never built from input.
    package func executeScript(_ sql: String) async throws {
        try await run { handle throws(PostgresError) in try LibPQ.executeScript(handle, sql) }
    }

    /// Makes the next statement first check that the connection did not break while idle.
    func checkBeforeNextUse() {
        idleCheckPending.store(true, ordering: .releasing)
    }

    /// Whether the connection can be handed back to the pool (open, and no transaction left open).
    var isReusable: Bool { reusable.load(ordering: .acquiring) }

    /// Closes the connection (sends Terminate). Later calls fail with ``PostgresError/Code/connectionLost``.
    public func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                self.reusable.store(false, ordering: .releasing)
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
                if self.idleCheckPending.exchange(false, ordering: .acquiringAndReleasing), !LibPQ.isIdleAndHealthy(handle) {
                    // Broken while idle (the server restarted, say): nothing was sent, so the pool
                    // may safely run the work again on a fresh connection.
                    PQfinish(handle)
                    self.handle = nil
                    self.reusable.store(false, ordering: .releasing)
                    continuation.resume(throwing: StaleConnection(connection: ObjectIdentifier(self)))
                    return
                }
                let outcome = Result { () throws(PostgresError) in try body(handle) }
                self.reusable.store(PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
                                        && PQpipelineStatus(handle) == PQ_PIPELINE_OFF,
                                    ordering: .releasing)
                continuation.resume(with: outcome.mapError { $0 as any Error })
            }
        }
    }

    deinit {
        if let handle { PQfinish(handle) }
    }
}

/// Thrown by the first statement on a connection that broke while idle in the pool, before
/// anything was sent; the pool retries the work on a fresh connection.
struct StaleConnection: Error {
    /// The connection that broke: only the `withConnection` that lent it may retry.
    let connection: ObjectIdentifier
}

/// A libpq handle moved from the connecting queue to its owner.
struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
