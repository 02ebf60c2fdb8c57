/// Where a ``Worker``'s loop reports each pass, for the health probes: ``WorkerProgress`` for most
/// workers; the outbox relay's own `OutboxRelay.Progress`, which also knows how many rows wait.
public protocol PassRecorder: Sendable {
    /// A pass went through.
    func succeeded()
    /// A pass failed with `error` (it is retried with backoff).
    func failed(_ error: any Error)
}
