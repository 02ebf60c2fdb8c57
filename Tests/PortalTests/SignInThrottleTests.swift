import Foundation
@testable import PortalService
import Postgres
import Testing

/// Sign-in slowing on the real PostgreSQL: per account and per address, the window, a success, and
/// replicas counting together.
@Suite struct SignInThrottleTests {
    func throttle(_ pool: PostgresPool) -> SignInThrottle {
        SignInThrottle(pool: pool, policy: SignInThrottle.Policy())
    }

    @Test func theFifthWrongPasswordOfAnAccountBlocksItsSixthTry() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            // Five offices, one failure each: only the account's count reaches its limit.
            for attempt in 1...4 {
                let until = try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.\(attempt)", now: start)
                #expect(until == nil, "failure \(attempt) is free")
            }
            #expect(try await throttle.blockedUntil(username: "somchai.n", address: "10.0.9.9", now: start) == nil)
            let until = try await throttle.recordFailure(username: "SOMCHAI.N", address: "10.0.0.5", now: start)
            #expect(until.map { abs($0.timeIntervalSince(start) - 30) < 0.001 } == true)
            let blocked = try await throttle.blockedUntil(username: "somchai.n", address: "10.0.9.9", now: start.addingTimeInterval(10))
            #expect(blocked != nil)
            // Another account from the same addresses is not slowed; the block ends after 30 s.
            #expect(try await throttle.blockedUntil(username: "wipawee.s", address: "10.0.0.5", now: start.addingTimeInterval(10)) == nil)
            #expect(try await throttle.blockedUntil(username: "somchai.n", address: "10.0.9.9", now: start.addingTimeInterval(31)) == nil)
        }
    }

    @Test func eachFurtherFailureDoublesTheWait() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            var waits: [TimeInterval] = []
            for attempt in 1...7 {
                let now = start.addingTimeInterval(Double(attempt))
                if let until = try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.\(attempt)", now: now) {
                    waits.append((until.timeIntervalSince(now) * 1000).rounded() / 1000)
                }
            }
            #expect(waits == [30, 60, 120])
        }
    }

    @Test func anAddressIsSlowedAfterTwentyFailuresAcrossAccounts() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            for index in 1...19 {
                let until = try await throttle.recordFailure(username: "guess\(index)", address: "203.0.113.7", now: start)
                #expect(until == nil, "failure \(index) is free")
            }
            let until = try await throttle.recordFailure(username: "guess20", address: "203.0.113.7", now: start)
            #expect(until != nil)
            #expect(try await throttle.blockedUntil(username: "somchai.n", address: "203.0.113.7", now: start) != nil)
            #expect(try await throttle.blockedUntil(username: "somchai.n", address: "203.0.113.8", now: start) == nil)
        }
    }

    @Test func aQuietQuarterOfAnHourStartsTheCountAgain() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            for attempt in 1...4 {
                _ = try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.\(attempt)", now: start)
            }
            let later = start.addingTimeInterval(16 * 60)
            #expect(try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.5", now: later) == nil)
            let failures = try await fixture.pool.query("SELECT failures FROM portal.sign_in_failures WHERE key = 'account:somchai.n'")
                .first?.decode(Int.self, column: "failures")
            #expect(failures == 1)
        }
    }

    @Test func aSuccessClearsTheAccountButNotTheAddress() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            for _ in 1...4 { _ = try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.1", now: start) }
            try await throttle.recordSuccess(username: "Somchai.N")
            // Four more failures would have blocked the account had the count not been cleared.
            for _ in 1...4 { #expect(try await throttle.recordFailure(username: "somchai.n", address: "10.0.0.2", now: start) == nil) }
            let keys = try await fixture.pool.query("SELECT key, failures FROM portal.sign_in_failures ORDER BY key")
                .map { "\(try $0.decode(String.self, column: "key"))=\(try $0.decode(Int.self, column: "failures"))" }
            #expect(keys == ["account:somchai.n=4", "address:10.0.0.1=4", "address:10.0.0.2=4"])
        }
    }

    @Test func replicasCountTogether() async throws {
        try await PortalFixture.with { fixture in
            let other = fixture.replicaPool()
            defer { Task { await other.close() } }
            let replicas = [throttle(fixture.pool), throttle(other)]
            let start = Date()
            for attempt in 1...4 {
                let until = try await replicas[attempt % 2].recordFailure(username: "somchai.n", address: "10.0.0.\(attempt)", now: start)
                #expect(until == nil, "failure \(attempt) is free")
            }
            let until = try await replicas[1].recordFailure(username: "somchai.n", address: "10.0.0.5", now: start)
            #expect(until != nil)
            #expect(try await replicas[0].blockedUntil(username: "somchai.n", address: "10.0.0.6", now: start) != nil)
        }
    }

    @Test func concurrentFailuresAreAllCounted() async throws {
        try await PortalFixture.with { fixture in
            let throttle = throttle(fixture.pool)
            let start = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for attempt in 1...10 {
                    group.addTask { _ = try await throttle.recordFailure(username: "somchai.n", address: "10.0.1.\(attempt)", now: start) }
                }
                try await group.waitForAll()
            }
            let failures = try await fixture.pool.query("SELECT failures FROM portal.sign_in_failures WHERE key = 'account:somchai.n'")
                .first?.decode(Int.self, column: "failures")
            #expect(failures == 10)
        }
    }
}
