import Foundation
import Postgres

/// A request an allocation round decided: proposed to a provider (with the proposal's total score),
/// or waitlisted (with the reason, named).
struct RoundRequestView: Codable, Sendable {
    enum Outcome: String, Codable, Sendable, CaseIterable {
        case proposed
        case waitlisted
    }

    var requestId: UUID
    var reference: String
    var enterpriseName: String
    var provinceCode: String
    var outcome: Outcome
    var providerId: UUID?
    var providerName: String?
    /// The proposal's total score.
    var score: Int?
    var reason: String?
    var reasonTH: String?
    var reasonEN: String?

    init(row: PostgresRow) throws {
        requestId = try row.decode(UUID.self, column: "request_id")
        reference = try row.decode(String.self, column: "reference")
        enterpriseName = try row.decode(String.self, column: "enterprise_name")
        provinceCode = try row.decode(String.self, column: "province_code")
        outcome = try row.decode(Outcome.self, column: "outcome")
        providerId = try row.decode(UUID?.self, column: "provider_id")
        providerName = try row.decode(String?.self, column: "provider_name")
        score = try row.decode(Int?.self, column: "score")
        reason = try row.decode(String?.self, column: "reason")
        if let reason {
            let names = WaitingReason.names(of: reason)
            (reasonTH, reasonEN) = (names.th, names.en)
        }
    }
}
