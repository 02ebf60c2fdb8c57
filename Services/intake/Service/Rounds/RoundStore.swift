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
        try await pool.query("SELECT \(sql: RoundView.columns) FROM intake.rounds WHERE id = \(id)").first.map(RoundView.init(row:))
    }
}
