import Synchronization

/// A value behind a `Mutex`, as a reference that a client, its poll thread and its jobs can share
/// (a `Mutex` itself cannot be copied into closures).
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout sending Value) -> sending Result) -> sending Result {
        mutex.withLock(body)
    }
}
