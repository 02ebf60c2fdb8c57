import Foundation

/// Exponential backoff with full jitter for transient failures (database down, broker unreachable).
/// Transient failures are retried for as long as the process runs; they are never dead-lettered.
public struct RetryPolicy: Sendable, Hashable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Double

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(10), multiplier: Double = 2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
    }

    /// The ceiling of the delay before retry number `attempt` (1-based).
    public func ceiling(attempt: Int) -> Duration {
        let factor = pow(multiplier, Double(max(0, attempt - 1)))
        let seconds = min(initialDelay.seconds * factor, maximumDelay.seconds)
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A jittered delay in `[ceiling/2, ceiling]` before retry number `attempt`.
    public func delay(attempt: Int) -> Duration {
        let ceiling = ceiling(attempt: attempt).seconds
        return .milliseconds(Int64(Double.random(in: (ceiling / 2)...ceiling) * 1000))
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
