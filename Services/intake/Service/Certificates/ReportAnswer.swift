import Foundation

/// The answer to a step report or a held registration.
struct ReportAnswer: Codable {
    var id: UUID
    var certificateId: UUID?
    var outcome: CertificateReportOutcome
}
