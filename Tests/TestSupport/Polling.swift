/// Why a polled condition did not hold before its deadline (the last error the condition threw,
/// if any, says what was still wrong).
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Duration
    public let lastError: String?

    public init(what: String, timeout: Duration, lastError: String?) {
        self.what = what
        self.timeout = timeout
        self.lastError = lastError
    }

    public var description: String {
        "timed out after \(timeout) waiting for \(what)" + (lastError.map { " (last error: \($0))" } ?? "")
    }
}

/// Polls `condition` every `pollEvery` until it holds; throws ``TimedOut`` naming `what` when
/// `timeout` passes first. Errors from `condition` end the wait at once.
public func waitUntil(_ what: String, timeout: Duration = .seconds(30), pollEvery: Duration = .milliseconds(20),
                      _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what, timeout: timeout, lastError: nil) }
        try await Task.sleep(for: pollEvery)
    }
}

/// Polls `produce` every `pollEvery` until it returns a value, and returns it. Errors count as
/// "not yet" (a service still starting refuses connections); the last one is reported when
/// `timeout` passes.
public func eventually<Value>(_ what: String, timeout: Duration, pollEvery: Duration = .milliseconds(100),
                              _ produce: () async throws -> Value?) async throws -> Value {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while true {
        do {
            if let value = try await produce() { return value }
        } catch {
            lastError = error
        }
        guard ContinuousClock.now < deadline else {
            throw TimedOut(what: what, timeout: timeout, lastError: lastError.map { "\($0)" })
        }
        try await Task.sleep(for: pollEvery)
    }
}
