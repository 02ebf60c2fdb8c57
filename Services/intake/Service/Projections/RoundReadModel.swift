import Contracts
import Domain
import Foundation
import Postgres

/// Allocation rounds (`intake.rounds`, recorded when an officer starts one) completed with
/// matching's figures: requests, proposed, waitlisted by reason, the objective, the solver's time
/// and the seed it drew when the officer gave none; and each request a round decided
/// (`intake.round_requests`): proposed to a provider (`match.proposed` with the round's id) or
/// waitlisted with the reason (`match.waitlisted`).
enum RoundReadModel {
    static func apply(_ event: CloudEvent<MatchProposed>, on connection: PostgresConnection) async throws {
        let proposal = event.data
        guard let round = proposal.roundId else { return }
        try await connection.execute("""
            INSERT INTO intake.round_requests (round_id, request_id, outcome, provider_id, proposal_id, score, decided_at)
            VALUES (\(round), \(proposal.requestId), 'proposed', \(proposal.providerId), \(proposal.proposalId),
                    \(proposal.score.total), \(event.time))
            ON CONFLICT (round_id, request_id) DO NOTHING
            """)
    }

    static func apply(_ event: CloudEvent<MatchWaitlisted>, on connection: PostgresConnection) async throws {
        let waitlisted = event.data
        try await connection.execute("""
            INSERT INTO intake.round_requests (round_id, request_id, outcome, reason, decided_at)
            VALUES (\(waitlisted.roundId), \(waitlisted.requestId), 'waitlisted', \(waitlisted.reason), \(event.time))
            ON CONFLICT (round_id, request_id) DO NOTHING
            """)
    }

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
