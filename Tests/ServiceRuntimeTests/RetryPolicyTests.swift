import Messaging
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("delays grow exponentially to the cap, jittered within [ceiling/2, ceiling]")
    func backoff() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(2), multiplier: 2)
        #expect(policy.ceiling(attempt: 1) == .milliseconds(100))
        #expect(policy.ceiling(attempt: 3) == .milliseconds(400))
        #expect(policy.ceiling(attempt: 10) == .seconds(2))
        for attempt in 1...12 {
            let delay = policy.delay(attempt: attempt)
            #expect(delay <= policy.ceiling(attempt: attempt))
            #expect(delay * 2 >= policy.ceiling(attempt: attempt))
        }
    }
}
