import Foundation
import ServiceRuntime

/// How long work may wait before it is an officer's to follow up (docs/console.md, "Work queues"):
/// the same figures drive the queue counts (`GET /v1/queues`, which returns them) and the lists the
/// portal opens with them, so page, counts and lists agree.
public struct QueueThresholds: Sendable, Codable, Equatable {
    /// Work reported and not confirmed by the enterprise for this many days.
    public var unconfirmedWorkDays: Int
    /// An assignment without activity for this many days.
    public var idleAssignmentDays: Int
    /// A certificate in force expiring within this many days.
    public var expiringCertificateDays: Int

    public init(unconfirmedWorkDays: Int = 14, idleAssignmentDays: Int = 30, expiringCertificateDays: Int = 90) {
        self.unconfirmedWorkDays = unconfirmedWorkDays
        self.idleAssignmentDays = idleAssignmentDays
        self.expiringCertificateDays = expiringCertificateDays
    }

    /// `INTAKE_QUEUE_UNCONFIRMED_WORK_DAYS`, `INTAKE_QUEUE_IDLE_ASSIGNMENT_DAYS`,
    /// `INTAKE_QUEUE_EXPIRING_CERTIFICATE_DAYS` (defaults 14, 30, 90; 1–3,650).
    public static func from(_ environment: EnvironmentReader) throws -> QueueThresholds {
        QueueThresholds(
            unconfirmedWorkDays: try environment.int("INTAKE_QUEUE_UNCONFIRMED_WORK_DAYS", default: 14, in: 1...3650),
            idleAssignmentDays: try environment.int("INTAKE_QUEUE_IDLE_ASSIGNMENT_DAYS", default: 30, in: 1...3650),
            expiringCertificateDays: try environment.int("INTAKE_QUEUE_EXPIRING_CERTIFICATE_DAYS", default: 90, in: 1...3650))
    }
}
