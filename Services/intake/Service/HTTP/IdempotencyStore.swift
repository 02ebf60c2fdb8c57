import Foundation
import Postgres

/// Claims and answers of `Idempotency-Key`s (`intake.idempotent_responses`), per client and key.
public struct IdempotencyStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// What a claim found.
    enum Claim {
        /// The key is new: this request runs.
        case claimed
        /// The key was used with another request.
        case otherRequest
        /// The key's first request has not finished (or its outcome is unknown).
        case inProgress
        /// The key's first request finished with this answer.
        case completed(StoredResponse)
    }

    /// Claims `key` for `client`, or says who has it. The claim commits without waiting for its WAL
    /// to reach the disk (`synchronous_commit = off` for this statement only: one flush less per
    /// keyed request). That loses nothing: the route's own commit comes later in the WAL and waits
    /// for its flush, which writes the claim too; a claim lost in a crash before any route commit
    /// stood for nothing that was created, and the retry claims the key again and runs.
    func claim(client: UUID, key: String, fingerprint: [UInt8]) async throws -> Claim {
        let rows = try await pool.query("""
            WITH claimed AS (
                INSERT INTO intake.idempotent_responses (client_id, key, fingerprint)
                VALUES (\(client), \(key), \(fingerprint))
                ON CONFLICT (client_id, key) DO NOTHING
                RETURNING true AS claimed)
            SELECT (SELECT claimed FROM claimed) IS NOT NULL AS claimed,
                   r.fingerprint = \(fingerprint) AS same_request, r.response::text AS response
            FROM (VALUES (1)) AS one (x)
            CROSS JOIN (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous (setting)
            LEFT JOIN intake.idempotent_responses r ON r.client_id = \(client) AND r.key = \(key)
            """)
        let row = rows[0]
        if try row.decode(Bool.self, column: "claimed") { return .claimed }
        // Claimed by a request that committed between our INSERT's snapshot and now: the row is there.
        guard let same = try row.decode(Bool?.self, column: "same_request") else { return .inProgress }
        guard same else { return .otherRequest }
        guard let response = try row.decode(String?.self, column: "response") else { return .inProgress }
        do {
            return .completed(try JSONDecoder().decode(StoredResponse.self, from: Data(response.utf8)))
        } catch {
            throw PostgresError(code: .decoding, message: "idempotent response of key '\(key)': \(error)", column: "response")
        }
    }

    func complete(client: UUID, key: String, response: StoredResponse) async throws {
        try await pool.execute("""
            UPDATE intake.idempotent_responses SET response = \(try PostgresJSON(response)), completed_at = now()
            WHERE client_id = \(client) AND key = \(key)
            """)
    }

    func release(client: UUID, key: String) async throws {
        try await pool.execute("""
            DELETE FROM intake.idempotent_responses WHERE client_id = \(client) AND key = \(key) AND response IS NULL
            """)
    }
}
