import Contracts
import Domain
import Foundation
import Postgres
import Timestamps

/// A step report or held registration sent through intake, and what became of it.
struct CertificateReportView: Codable, Sendable {
    var id: UUID
    var kind: String
    var certificateId: UUID?
    var enterpriseId: UUID
    var standard: StandardCode
    var step: CertificationState
    var requestId: UUID?
    var outcome: CertificateReportOutcome
    /// Why the tracker refused it, in English.
    var reason: String?
    /// The same in Thai (refusals from before the tracker gave one have none).
    var reasonTH: String?
    var reportedAt: Date
    var decidedAt: Date?

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        kind = try row.decode(String.self, column: "kind")
        certificateId = try row.decode(UUID?.self, column: "certificate_id")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        standard = try row.decode(StandardCode.self, column: "standard")
        step = try row.decode(CertificationState.self, column: "step")
        requestId = try row.decode(UUID?.self, column: "request_id")
        outcome = try row.decode(CertificateReportOutcome.self, column: "outcome")
        reason = try row.decode(String?.self, column: "reason")
        reasonTH = try row.decode(String?.self, column: "reason_th")
        reportedAt = try row.decode(Date.self, column: "reported_at")
        decidedAt = try row.decode(Date?.self, column: "decided_at")
    }
}
