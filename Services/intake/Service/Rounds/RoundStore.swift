import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Allocation rounds: recorded and published when an officer starts one, completed from matching's
/// `round.completed` (``RoundReadModel``).
struct RoundStore: Sendable {
    let pool: PostgresPool

    /// Records an allocation round an officer starts and publishes `round.requested`.
    func requestRound(_ round: RoundRequested, client: APIClient) async throws -> EventHeader {
        try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.rounds (id, fiscal_year, region, seed, requested_by, requested_at)
                VALUES (\(round.roundId), \(round.fiscalYear), \(round.region?.rawValue), \(round.seed.map(String.init)),
                    \(client.id), \(round.requestedAt))
                """)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema,
                                      correlationID: round.roundId.lowercased)
            return try await events.emit(round, time: round.requestedAt, on: connection).header
        }
    }

    func round(_ id: UUID) async throws -> RoundView? {
        try await pool.query("\(sql: RoundView.selection) WHERE o.id = \(id)").first.map(RoundView.init(row:))
    }

    /// Rounds newest first, `limit + 1` from the query's cursor: of `fiscalYear` and `region` when
    /// given, only `scope`'s when given (a scoped officer's region).
    func rounds(fiscalYear: Int?, region: Region?, scope: Region?, query: ListQuery) async throws -> [(position: String, view: RoundView)] {
        try await pool.query("""
            \(sql: RoundView.selection)
            WHERE (\(fiscalYear)::int IS NULL OR o.fiscal_year = \(fiscalYear))
              AND (\(region?.rawValue)::text IS NULL OR o.region = \(region?.rawValue))
              AND (\(scope?.rawValue)::text IS NULL OR o.region = \(scope?.rawValue))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (o.requested_at, o.id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY o.requested_at DESC, o.id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try RoundView(row: $0)) }
    }

    /// The requests a round decided (proposed or waitlisted, or only `outcome`'s), newest decision
    /// first, `limit + 1` from the query's cursor.
    func requests(of round: UUID, outcome: RoundRequestView.Outcome?, query: ListQuery) async throws
        -> [(position: String, view: RoundRequestView)] {
        try await pool.query("""
            SELECT rr.request_id, r.reference, e.name AS enterprise_name, r.province_code, rr.outcome, rr.provider_id,
                   v.name AS provider_name, rr.score, rr.reason, rr.decided_at::text AS position
            FROM intake.round_requests rr
            JOIN intake.requests r ON r.id = rr.request_id
            JOIN intake.enterprises e ON e.id = r.enterprise_id
            LEFT JOIN intake.providers v ON v.id = rr.provider_id
            WHERE rr.round_id = \(round) AND (\(outcome?.rawValue)::text IS NULL OR rr.outcome = \(outcome?.rawValue))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (rr.decided_at, rr.request_id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY rr.decided_at DESC, rr.request_id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try RoundRequestView(row: $0)) }
    }
}
