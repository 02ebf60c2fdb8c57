import Synchronization

/// A level-triggered wake-up: `signal()` makes the current or next `wait` return at once; several
/// signals before a wait fold into one. Used to wake the relay on NOTIFY without polling.
public final class WakeupSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns when signalled, after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        let consumed = state.withLock { state -> Bool in
            if state.pending { state.pending = false; return true }
            return false
        }
        if consumed { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.pending || Task.isCancelled { state.pending = false; return true }
                            state.waiter = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.releaseWaiter()
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.releaseWaiter()
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func releaseWaiter() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
