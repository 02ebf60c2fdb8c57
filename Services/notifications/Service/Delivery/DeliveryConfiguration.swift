import Foundation
import Messaging

/// How the delivery worker retries and waits.
struct DeliveryConfiguration: Sendable {
    /// Give up on a message whose recipient, request or provider never became known.
    var waitForDataLimit: TimeInterval = 2 * 24 * 3600
    /// How often a message waiting for its data is looked at again.
    var dataRecheck: Duration = .seconds(30)
    /// Attempts on a channel before a transient failure counts as final.
    var maxAttempts = 8
    /// Backoff between attempts: exponential with jitter (`NOTIFICATIONS_RETRY_INITIAL`, `_MAXIMUM`).
    var retry = RetryPolicy(initialDelay: .seconds(5), maximumDelay: .seconds(1800))
    /// Messages handled at the same time by one process (each holds a database connection).
    var concurrency = 4
    /// The longest sleep when nothing is due (a NOTIFY wakes it sooner).
    var idleRecheck: Duration = .seconds(30)
}
