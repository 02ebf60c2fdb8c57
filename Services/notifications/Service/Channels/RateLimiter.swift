import Contracts
import Synchronization

/// Holds callers back to a channel's ``RateLimit`` (shared by every task that sends on the channel
/// in this process; each replica has its own). Without a limit (`nil`) it never waits.
final class RateLimiter: Sendable {
    private let limit: Mutex<RateLimit?>
    private let start = ContinuousClock.now

    init(_ limit: RateLimit?) {
        self.limit = Mutex(limit)
    }

    /// Waits for the next send slot; cancellable (a cancelled wait throws `CancellationError`).
    func acquire() async throws {
        let elapsed = (ContinuousClock.now - start)
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let wait = limit.withLock { limit -> Double in
            guard var current = limit else { return 0 }
            let wait = current.reserve(at: now)
            limit = current
            return wait
        }
        if wait > 0 { try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
    }
}

/// A sender held to a rate limit: waits for a slot, then sends.
struct RateLimitedSender: ChannelSender {
    let base: any ChannelSender
    let limiter: RateLimiter

    var channel: ContactChannel { base.channel }

    func send(_ message: OutgoingMessage) async throws(DeliveryFailure) {
        do {
            try await limiter.acquire()
        } catch {
            throw .transient("cancelled while waiting for the \(base.channel.rawValue) rate limit")
        }
        try await base.send(message)
    }
}
