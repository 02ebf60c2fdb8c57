import ServiceLifecycle

/// Runs `body`, and once graceful shutdown has begun waits at most `grace` more for it. Returns its
/// value, or `nil` when the grace ran out (or the caller was cancelled) first: `body` is then left
/// running, detached, until it ends or the process exits. For work that may hang where cancellation
/// cannot reach (a blocking libpq call, a broker that stopped answering) and that is safe to abandon,
/// such as an inbox batch whose transaction rolls back when the process exits.
package func withShutdownGrace<Value: Sendable>(
    _ grace: Duration, _ body: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    // The first of the two to finish answers.
    let (outcomes, outcome) = AsyncStream.makeStream(of: Result<Value, any Error>?.self)
    Task {
        do {
            outcome.yield(.success(try await body()))
        } catch {
            outcome.yield(.failure(error))
        }
        outcome.finish()
    }
    let deadline = Task {
        do {
            try await gracefulShutdown()
            try await Task.sleep(for: grace)
        } catch {
            return  // cancelled: the work finished first
        }
        outcome.yield(nil)
        outcome.finish()
    }
    defer { deadline.cancel() }
    for await first in outcomes { return try first?.get() }
    return nil
}
