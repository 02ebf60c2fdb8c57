import Domain
import Foundation

/// The officers' work queues at a glance (`GET /v1/queues`): each count is the total of the list
/// filter the portal opens for that queue, with ``thresholds``.
struct QueueCounts: Codable, Sendable {
    struct Counts: Codable, Sendable, Equatable {
        /// `GET /v1/requests?status=awaitingScreening`
        var screening: Int
        /// `GET /v1/proposals?overdue=true`
        var overdueProposals: Int
        /// `GET /v1/requests?status=unmatched,waitlisted`
        var waiting: Int
        /// `GET /v1/requests?status=workReported&statusBefore=<asOf − unconfirmedWorkDays>`
        var unconfirmedWork: Int
        /// `GET /v1/requests?status=assigned&activityBefore=<asOf − idleAssignmentDays>`
        var idleAssignments: Int
        /// `GET /v1/providers?qualified=false`
        var unqualifiedProviders: Int
        /// `GET /v1/certificates?expiringBy=<Bangkok's today + expiringCertificateDays>`
        var expiringCertificates: Int
        /// `GET /v1/enterprises?verified=false` (enterprises that registered themselves on the portal)
        var unverifiedEnterprises: Int
        /// `GET /v1/notification-failures?resolved=false`
        var failedMessages: Int
    }

    /// The region a scoped officer's counts cover (absent: the whole country).
    var region: Region?
    var asOf: Date
    var thresholds: QueueThresholds
    var counts: Counts
}
