import Foundation

/// What became of a step report or held registration sent through intake.
enum CertificateReportOutcome: String, Sendable, Codable, CaseIterable {
    /// Published; the tracker has not answered yet.
    case pending
    /// The tracker applied it (`certification.step-changed`).
    case applied
    /// The tracker refused it (`certification.report-refused`, with the reason).
    case refused
}
