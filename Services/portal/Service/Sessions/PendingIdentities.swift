import Foundation
import Postgres

/// A verified code that named several people (a person who is a contact of two parties), between the
/// verification and their choice: in `portal.pending_identities` for five minutes, found by a random
/// token the browser holds in a cookie (only its SHA-256 is stored), taken once.
struct PendingIdentities: Sendable {
    let pool: PostgresPool
    static let lifetime: TimeInterval = 300

    /// What waits for the choice.
    struct Pending {
        var identities: [IntakeSignIn.Identity]
        var remember: Bool
        var next: String
    }

    /// Keeps `pending` and returns the cookie's token.
    func keep(_ pending: Pending, now: Date = Date()) async throws -> String {
        let token = SessionToken.random()
        let json = String(decoding: try IntakeJSON.encoder.encode(pending.identities), as: UTF8.self)
        try await pool.execute("DELETE FROM portal.pending_identities WHERE expires_at < \(now)")
        try await pool.execute("""
            INSERT INTO portal.pending_identities (token_hash, identities, remembered, next, expires_at)
            VALUES (\(SessionToken.digest(token)), \(json), \(pending.remember), \(pending.next), \(now.addingTimeInterval(Self.lifetime)))
            """)
        return token
    }

    /// Takes what `token` kept (once), unless it expired.
    func take(_ token: String, now: Date = Date()) async throws -> Pending? {
        let rows = try await pool.query("""
            DELETE FROM portal.pending_identities WHERE token_hash = \(SessionToken.digest(token))
            RETURNING identities, remembered, next, expires_at
            """)
        guard let row = rows.first, try row.decode(Date.self, column: "expires_at") > now else { return nil }
        let identities = try IntakeJSON.decoder.decode([IntakeSignIn.Identity].self,
                                                       from: Data(try row.decode(String.self, column: "identities").utf8))
        return Pending(identities: identities, remember: try row.decode(Bool.self, column: "remembered"),
                       next: try row.decode(String.self, column: "next"))
    }
}
