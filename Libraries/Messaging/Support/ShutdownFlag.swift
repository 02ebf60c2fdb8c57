import Synchronization

/// Set once when graceful shutdown begins; long-running loops check it between units of work so
/// the unit in hand (a batch, a message) is finished, not cancelled.
public final class ShutdownFlag: Sendable {
    private let value = Mutex(false)

    public init() {}

    public func set() { value.withLock { $0 = true } }

    public var isSet: Bool { value.withLock { $0 } }
}
