import Foundation
@testable import PortalService
import Postgres
import Testing

/// Sessions in `portal.sessions` on the real PostgreSQL: found by the cookie's token only, idle and
/// absolute expiry, sign-out, and two replicas sharing them.
@Suite struct SessionStoreTests {
    static let idle: Duration = .seconds(30 * 60)
    static let absolute: Duration = .seconds(3600)

    func store(_ pool: PostgresPool) -> SessionStore {
        SessionStore(pool: pool, idle: Self.idle, absolute: Self.absolute)
    }

    /// The id of the session a lookup found active (times come back from PostgreSQL to the
    /// microsecond, so whole sessions are compared by id).
    func active(_ lookup: SessionStore.Lookup) -> UUID? {
        if case .active(let session) = lookup { return session.id }
        return nil
    }

    @Test func aSessionIsFoundByItsTokenAndOnlyItsDigestIsStored() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let (session, token) = try await store(fixture.pool).open(for: account, language: .th, userAgent: "test")
            #expect(active(try await store(fixture.pool).find(token: token)) == session.id)
            #expect(try await store(fixture.pool).find(token: SessionToken.random()) == .unknown)
            let stored = try await fixture.pool.query("SELECT token_hash FROM portal.sessions").map { try $0.decode(Data.self, column: "token_hash") }
            #expect(stored == [SessionToken.digest(token)])
            #expect(stored.first != Data(token.utf8))
        }
    }

    @Test func anUnusedSessionEndsAtItsIdleExpiry() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let start = Date()
            // Two sessions opened together, each looked at once (a look is a use, so each its own).
            let (early, earlyToken) = try await sessions.open(for: account, language: .th, userAgent: nil, now: start)
            let (late, lateToken) = try await sessions.open(for: account, language: .th, userAgent: nil, now: start)
            #expect(active(try await sessions.find(token: earlyToken, now: start.addingTimeInterval(29 * 60))) == early.id)
            #expect(try await sessions.find(token: lateToken, now: start.addingTimeInterval(31 * 60))
                    == .expired(sessionID: late.id, accountID: account.id))
        }
    }

    @Test func useMovesTheIdleExpiryOnButNeverPastTheAbsoluteOne() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let start = Date()
            let (session, token) = try await sessions.open(for: account, language: .th, userAgent: nil, now: start)
            // Used at 20 and 45 minutes: each use moves the idle expiry 30 minutes on.
            guard case .active(let used) = try await sessions.find(token: token, now: start.addingTimeInterval(20 * 60)) else {
                Issue.record("the session should be active at 20 minutes")
                return
            }
            #expect(abs(used.idleExpiresAt.timeIntervalSince(start.addingTimeInterval(50 * 60))) < 0.001)
            #expect(active(try await sessions.find(token: token, now: start.addingTimeInterval(45 * 60))) == session.id)
            // At 61 minutes it is idle for only 16, but the absolute hour has passed.
            #expect(try await sessions.find(token: token, now: start.addingTimeInterval(61 * 60))
                    == .expired(sessionID: session.id, accountID: account.id))
        }
    }

    @Test func aUseWithinAMinuteDoesNotWrite() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let start = Date()
            let (_, token) = try await sessions.open(for: account, language: .th, userAgent: nil, now: start)
            _ = try await sessions.find(token: token, now: start.addingTimeInterval(30))
            let idle = try await fixture.pool.query("SELECT idle_expires_at FROM portal.sessions").first?.decode(Date.self, column: "idle_expires_at")
            #expect(idle.map { abs($0.timeIntervalSince(start.addingTimeInterval(30 * 60))) < 0.001 } == true)
        }
    }

    @Test func signOutEndsTheSessionOnce() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let (session, token) = try await sessions.open(for: account, language: .en, userAgent: nil)
            #expect(try await sessions.end(session.id))
            #expect(!(try await sessions.end(session.id)))
            #expect(try await sessions.find(token: token) == .expired(sessionID: session.id, accountID: account.id))
        }
    }

    @Test func twoReplicasShareSessions() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let other = fixture.replicaPool()
            defer { Task { await other.close() } }
            let first = store(fixture.pool), second = store(other)
            let (session, token) = try await first.open(for: account, language: .th, userAgent: nil)
            #expect(active(try await second.find(token: token)) == session.id)
            try await second.setLanguage(session.id, .en)
            guard case .active(let switched) = try await first.find(token: token) else {
                Issue.record("the session should still be active on the first replica")
                return
            }
            #expect(switched.language == .en)
            #expect(try await second.end(session.id))
            #expect(try await first.find(token: token) == .expired(sessionID: session.id, accountID: account.id))
        }
    }

    @Test func disablingAnAccountEndsEverySessionOfIt() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let (one, firstToken) = try await sessions.open(for: account, language: .th, userAgent: nil)
            let (two, secondToken) = try await sessions.open(for: account, language: .th, userAgent: nil)
            try await fixture.accounts.setDisabled(account.id, true)
            #expect(try await sessions.find(token: firstToken) == .expired(sessionID: one.id, accountID: account.id))
            #expect(try await sessions.find(token: secondToken) == .expired(sessionID: two.id, accountID: account.id))
            // Enabling the account does not bring ended sessions back.
            try await fixture.accounts.setDisabled(account.id, false)
            #expect(try await sessions.find(token: firstToken) == .expired(sessionID: one.id, accountID: account.id))
        }
    }

    @Test func aPasswordChangeEndsTheOtherSessionsOnly() async throws {
        try await PortalFixture.with { fixture in
            let account = try await fixture.account("somchai.n")
            let sessions = store(fixture.pool)
            let (kept, keptToken) = try await sessions.open(for: account, language: .th, userAgent: nil)
            let (ended, endedToken) = try await sessions.open(for: account, language: .th, userAgent: nil)
            try await fixture.accounts.setPassword(account.id, to: "ต้มยำกุ้งน้ำข้น 2570", mustChange: false, keepingSession: kept.id)
            #expect(active(try await sessions.find(token: keptToken)) == kept.id)
            #expect(try await sessions.find(token: endedToken) == .expired(sessionID: ended.id, accountID: account.id))
            #expect(try await sessions.open(of: account.id).map(\.id) == [kept.id])
        }
    }
}
