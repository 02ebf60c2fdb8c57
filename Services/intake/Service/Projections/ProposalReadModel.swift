import Contracts
import Domain
import Foundation
import Postgres

/// The proposals matching made (`intake.proposals`), with their status as matching's events move it:
/// what `GET /v1/proposals` shows and what the proposal routes check before publishing an answer.
/// Events of one request arrive in order; the time guard keeps a replayed older event from undoing
/// a newer state.
enum ProposalReadModel {
    static func apply(_ event: CloudEvent<MatchProposed>, on connection: PostgresConnection) async throws {
        let proposal = event.data
        try await connection.execute("""
            INSERT INTO intake.proposals (id, request_id, provider_id, enterprise_id, reference, status, rank, score, respond_by,
                round_id, created_at, updated_at)
            VALUES (\(proposal.proposalId), \(proposal.requestId), \(proposal.providerId), \(proposal.enterpriseId),
                \(proposal.requestReference), \(ProposalStatus.pending.rawValue), \(proposal.rank), \(try PostgresJSON(proposal.score)),
                \(proposal.respondBy), \(proposal.roundId), \(event.time), \(event.time))
            ON CONFLICT (id) DO NOTHING
            """)
    }

    static func apply(_ event: CloudEvent<MatchAccepted>, on connection: PostgresConnection) async throws {
        try await move(event.data.proposalId, to: .accepted, reason: nil, at: event.header.time, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchDeclined>, on connection: PostgresConnection) async throws {
        try await move(event.data.proposalId, to: .declined, reason: event.data.reason, at: event.header.time, on: connection)
    }

    static func apply(_ event: CloudEvent<MatchExpired>, on connection: PostgresConnection) async throws {
        try await move(event.data.proposalId, to: .expired, reason: nil, at: event.header.time, on: connection)
    }

    /// A withdrawal at the proposal stage withdraws the proposal (later stages concern the assignment).
    static func apply(_ event: CloudEvent<MatchWithdrawn>, on connection: PostgresConnection) async throws {
        let withdrawal = event.data
        guard withdrawal.stage == .proposal, let proposal = withdrawal.proposalId else { return }
        try await move(proposal, to: .withdrawn, reason: withdrawal.reason, at: event.header.time, on: connection)
    }

    /// An assignment that followed a proposal confirms it (a manual assignment has none).
    static func apply(_ event: CloudEvent<MatchAssigned>, on connection: PostgresConnection) async throws {
        guard let proposal = event.data.proposalId else { return }
        try await move(proposal, to: .confirmed, reason: nil, at: event.header.time, on: connection)
    }

    private static func move(_ proposal: UUID, to status: ProposalStatus, reason: String?, at time: Date,
                             on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE intake.proposals SET status = \(status.rawValue), reason = coalesce(\(reason), reason), updated_at = \(time)
            WHERE id = \(proposal) AND updated_at <= \(time)
            """)
    }
}
