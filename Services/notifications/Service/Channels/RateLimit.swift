/// A channel's rate limit: at most `perSecond` messages per second on average, with bursts of up to
/// `burst` at once. The pure core of ``RateLimiter`` (generic cell rate algorithm): it hands out send
/// slots in order and says how long a caller must wait for its slot.
struct RateLimit: Sendable, Equatable {
    let perSecond: Double
    let burst: Int
    /// The theoretical arrival time of the next message, in seconds on the caller's clock.
    private var nextSlot: Double = -.infinity

    /// - Precondition: `perSecond > 0`, `burst >= 1`.
    init(perSecond: Double, burst: Int = 1) {
        precondition(perSecond > 0 && burst >= 1, "a rate limit needs a positive rate and a burst of at least 1")
        self.perSecond = perSecond
        self.burst = burst
    }

    /// Reserves the next slot for a message at `now` (seconds) and returns how long to wait for it
    /// (0 when it may go at once).
    mutating func reserve(at now: Double) -> Double {
        let interval = 1 / perSecond
        let tolerance = Double(burst - 1) * interval
        let theoretical = max(nextSlot, now)
        nextSlot = theoretical + interval
        return max(0, theoretical - tolerance - now)
    }
}
