import Contracts
import Domain
import Foundation
import Postgres

/// Allocation rounds (`intake.rounds`, recorded when an officer starts one) completed with
/// matching's figures: requests, proposed, waitlisted by reason, the objective, the solver's time
/// and the seed it drew when the officer gave none.
enum RoundReadModel {
    static func apply(_ event: CloudEvent<RoundCompleted>, on connection: PostgresConnection) async throws {
        let round = event.data
        try await connection.execute("""
            UPDATE intake.rounds SET completed_at = \(round.completedAt), requests = \(round.requests),
                proposed = \(round.proposed), waitlisted = \(round.waitlisted),
                waitlisted_by_reason = \(try PostgresJSON(round.waitlistedByReason)), objective = \(round.objective),
                solver_ms = \(round.solverMilliseconds), seed = \(round.seed.map(String.init))
            WHERE id = \(round.roundId)
            """)
    }
}
