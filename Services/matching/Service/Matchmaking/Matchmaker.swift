import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Places one request: scores every provider (``MatchScorer``), proposes the best eligible one that
/// still has capacity, and explains the proposal; or records why nobody can take it. Capacity is a
/// hard limit enforced by a conditional UPDATE on the provider's row, so concurrent replicas never
/// over-book a provider.
struct Matchmaker: Sendable {
    var scorer = MatchScorer()
    /// How long a provider has to accept or decline.
    var responseWindow: TimeInterval = 3 * 24 * 3600

    enum Outcome: Equatable {
        case proposed(provider: UUID, score: Int)
        case unmatched(reason: String)
        /// The request is not waiting for a provider (already proposed, or unknown).
        case notPending
    }

    /// Runs in the handler's transaction; the events it writes are caused by the handled event and
    /// correlated with the request (its journey), also when a provider's registration caused them.
    /// - Parameter announceUnmatched: publish `MatchUnavailable` when nobody fits (off when
    ///   re-trying old unmatched requests, so a retry that changes nothing says nothing).
    func place(requestID: UUID, announceUnmatched: Bool, now: Date, context: HandlerContext) async throws -> Outcome {
        let connection = context.connection, logger = context.logger
        let journey = requestID.uuidString.lowercased()
        let requestRows = try await connection.query("""
            SELECT id, reference, enterprise_id, product_type, service_areas, target_standard, province_code, status
            FROM matching.requests WHERE id = \(requestID) FOR UPDATE
            """)
        guard let row = requestRows.first else { return .notPending }
        let status = try row.decode(String.self, column: "status")
        guard status == "pending" || status == "unmatched" else { return .notPending }
        guard let productType = ProductType(rawValue: try row.decode(String.self, column: "product_type")) else {
            throw EventRejection("request \(requestID) has an unknown product type")
        }
        let reference = try row.decode(String.self, column: "reference")
        let enterpriseID = try row.decode(UUID.self, column: "enterprise_id")
        let profile = RequestProfile(
            serviceAreas: Set(try row.decode([String].self, column: "service_areas").compactMap(ServiceArea.init(rawValue:))),
            productType: productType,
            targetStandard: try row.decode(String?.self, column: "target_standard").flatMap(StandardCode.init(rawValue:)),
            provinceCode: try row.decode(String.self, column: "province_code"))

        let alreadyProposed = Set(try await connection.query(
            "SELECT provider_id FROM matching.proposals WHERE request_id = \(requestID)"
        ).map { try $0.decode(UUID.self, column: "provider_id") })
        let providers = try await connection.query("""
            SELECT id, name, service_areas, product_types, standards, province_codes, regions, capacity, active_load,
                   completed, finished, qualified
            FROM matching.providers
            """).map(ProviderRecord.init(row:)).filter { !alreadyProposed.contains($0.id) }

        var exclusions: [String: Int] = [:]
        var eligible: [(record: ProviderRecord, score: MatchScore)] = []
        for provider in providers {
            switch scorer.score(profile, provider.profile) {
            case .success(let score): eligible.append((provider, score))
            case .failure(let reason): exclusions[reason.rawValue, default: 0] += 1
            }
        }
        // Best score first; equal scores go to the provider with the smaller id (deterministic).
        eligible.sort { a, b in
            a.score.total != b.score.total ? a.score.total > b.score.total : a.record.id.uuidString < b.record.id.uuidString
        }
        for (rank, candidate) in eligible.enumerated() {
            let reserved = try await connection.execute("""
                UPDATE matching.providers SET active_load = active_load + 1
                WHERE id = \(candidate.record.id) AND active_load < capacity AND qualified
                """)
            guard reserved == 1 else {
                exclusions[MatchIneligibility.noFreeCapacity.rawValue, default: 0] += 1
                continue
            }
            let proposal = MatchProposed(
                proposalId: UUID(), requestId: requestID, requestReference: reference, enterpriseId: enterpriseID,
                providerId: candidate.record.id, rank: alreadyProposed.count + rank + 1, score: candidate.score,
                candidatesConsidered: providers.count, candidatesEligible: eligible.count,
                respondBy: now.addingTimeInterval(responseWindow))
            try await connection.execute("""
                INSERT INTO matching.proposals (id, request_id, provider_id, rank, score, explanation, respond_by, created_at)
                VALUES (\(proposal.proposalId), \(requestID), \(proposal.providerId), \(proposal.rank), \(candidate.score.total),
                        \(try PostgresJSON(candidate.score)), \(proposal.respondBy), \(now))
                """)
            try await setStatus("proposed", request: requestID, now: now, on: connection)
            try await context.emit(proposal, correlationID: journey, time: now)
            logger.info("provider proposed", metadata: [
                "request_id": "\(requestID)", "provider_id": "\(candidate.record.id)", "score": "\(candidate.score.total)",
                "eligible": "\(eligible.count)"])
            return .proposed(provider: candidate.record.id, score: candidate.score.total)
        }

        let reason = providers.isEmpty ? "noProviders" : eligible.isEmpty ? "noEligibleProvider" : "allCandidatesFull"
        try await setStatus("unmatched", request: requestID, now: now, on: connection)
        if announceUnmatched {
            let event = MatchUnavailable(requestId: requestID, requestReference: reference, enterpriseId: enterpriseID,
                                         reason: reason, exclusions: exclusions, candidatesConsidered: providers.count)
            try await context.emit(event, correlationID: journey, time: now)
        }
        logger.info("no provider can take the request now", metadata: ["request_id": "\(requestID)", "reason": "\(reason)"])
        return .unmatched(reason: reason)
    }

    private func setStatus(_ status: String, request: UUID, now: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("UPDATE matching.requests SET status = \(status), updated_at = \(now) WHERE id = \(request)")
    }
}
