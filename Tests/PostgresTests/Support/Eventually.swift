import Testing

/// Polls `condition` until it holds; records an issue naming `what` and throws when `timeout` passes first.
func eventually(_ what: String, timeout: Duration = .seconds(5), pollEvery interval: Duration = .milliseconds(10),
                _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out after \(timeout) waiting for \(what)")
            throw TimedOut(what: what)
        }
        try await Task.sleep(for: interval)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
