import Foundation
import Testing
@testable import NotificationsService

@Suite("Rate limits per channel")
struct RateLimitTests {
    @Test("A burst goes at once, then one slot per interval, in order")
    func slots() {
        var limit = RateLimit(perSecond: 10, burst: 3)
        let waits = (0..<6).map { _ in limit.reserve(at: 100) }
        #expect(waits.map { ($0 * 1000).rounded() } == [0, 0, 0, 100, 200, 300])
    }

    @Test("Idle time refills the burst, but never beyond it")
    func refill() {
        var limit = RateLimit(perSecond: 2, burst: 2)
        #expect(limit.reserve(at: 0) == 0)
        #expect(limit.reserve(at: 0) == 0)
        #expect(limit.reserve(at: 0) == 0.5)
        // Much later: the full burst again, not more.
        #expect(limit.reserve(at: 60) == 0)
        #expect(limit.reserve(at: 60) == 0)
        #expect(limit.reserve(at: 60) == 0.5)
    }

    @Test("The limiter holds callers back in real time; without a limit it never waits")
    func limiter() async throws {
        let limited = RateLimiter(RateLimit(perSecond: 20, burst: 1))
        let started = ContinuousClock.now
        for _ in 0..<5 { try await limited.acquire() }
        #expect(ContinuousClock.now - started >= .milliseconds(190))

        let unlimited = RateLimiter(nil)
        let again = ContinuousClock.now
        for _ in 0..<1000 { try await unlimited.acquire() }
        #expect(ContinuousClock.now - again < .milliseconds(500))
    }
}
