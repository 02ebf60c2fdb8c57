/// Why a condition polled by ``waitUntil(_:timeout:condition:)`` did not hold in time.
struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting until \(what)" }
}

/// Polls `condition` every 10 ms until it holds, failing after `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(10), condition: () throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(10))
    }
}
