import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// The hand-off between an assigned provider and its enterprise (issue 15, docs/api.md "The
/// hand-off"): purpose-bound access to the other party's data that intake's read model of the
/// journey grants and takes back.
///
/// - While an assignment lasts (assigned, work reported, and ``HandOffPolicy/daysAfterCompletion``
///   days after completion), its provider reads the request, the enterprise (name, address, products)
///   and the enterprise's contact persons; the enterprise reads the provider and its contact persons.
/// - While the enterprise is asked to confirm a provider that accepted (request and proposal
///   `accepted`), the enterprise reads that provider's profile (an organisation: whom it is choosing),
///   not yet its contact persons; the provider reads nothing of the enterprise (not chosen yet).
/// - A withdrawn assignment (or request) or the end of the period ends it: the other party's data
///   is a 404 again, as for any other party.
///
/// `intake.request_assignments` (``AssignmentReadModel``) is the one record of who holds a request's
/// work; `intake.proposals` (``ProposalReadModel``) says which provider accepted. Every read the
/// hand-off allows is recorded in the access log (``record(_:)``) before it is answered.
struct HandOff: Sendable {
    let pool: PostgresPool
    let policy: HandOffPolicy
    let log: AccessLogStore
    let clock: any WallClock

    init(pool: PostgresPool, policy: HandOffPolicy, clock: any WallClock) {
        self.pool = pool
        self.policy = policy
        self.log = AccessLogStore(pool: pool)
        self.clock = clock
    }

    /// Records a read of another party's data in the access log (a read that cannot be recorded is
    /// not answered: the error reaches the client as a 500/503).
    func record(_ read: AccessRecord) async throws {
        try await log.record(read, now: try await clock.now())
    }

    /// What grants an access: the request that links the two parties.
    struct Link: Sendable, Equatable {
        var requestID: UUID
        /// The request's province (the access log's region).
        var provinceCode: String
        /// When the provider was assigned (`nil` for an accepted proposal): the request's timeline
        /// is shown to the provider from there on.
        var assignedAt: Date?
    }

    /// The assignment through which `provider` may read `enterprise`'s data now (the latest when
    /// several of the enterprise's requests are assigned to it), `nil` when none lasts.
    func assignment(provider: UUID, enterprise: UUID) async throws -> Link? {
        try await assignment(provider: provider, enterprise: enterprise, request: nil)
    }

    /// The assignment of `request` that `provider` holds now, `nil` when it holds none.
    func assignment(of request: UUID, provider: UUID) async throws -> Link? {
        try await assignment(provider: provider, enterprise: nil, request: request)
    }

    /// A request of `enterprise` whose provider `provider` accepted and waits for the enterprise's
    /// confirmation, `nil` when there is none.
    func acceptedProposal(provider: UUID, enterprise: UUID) async throws -> Link? {
        let rows = try await pool.query("""
            SELECT p.request_id, r.province_code FROM intake.proposals p JOIN intake.requests r ON r.id = p.request_id
            WHERE p.provider_id = \(provider) AND p.enterprise_id = \(enterprise) AND r.enterprise_id = \(enterprise)
              AND p.status = \(ProposalStatus.accepted.rawValue) AND r.status = \(RequestStatus.accepted.rawValue)
            ORDER BY p.updated_at DESC LIMIT 1
            """)
        return try rows.first.map {
            Link(requestID: try $0.decode(UUID.self, column: "request_id"),
                 provinceCode: try $0.decode(String.self, column: "province_code"), assignedAt: nil)
        }
    }

    private func assignment(provider: UUID, enterprise: UUID?, request: UUID?) async throws -> Link? {
        let cutoff = policy.completionCutoff(now: try await clock.now())
        let rows = try await pool.query("""
            SELECT a.request_id, r.province_code, a.assigned_at
            FROM intake.request_assignments a JOIN intake.requests r ON r.id = a.request_id
            WHERE a.provider_id = \(provider) AND a.withdrawn_at IS NULL
              AND (a.completed_at IS NULL OR a.completed_at > \(cutoff))
              AND (\(enterprise)::uuid IS NULL OR r.enterprise_id = \(enterprise))
              AND (\(request)::uuid IS NULL OR a.request_id = \(request))
            ORDER BY a.assigned_at DESC LIMIT 1
            """)
        return try rows.first.map {
            Link(requestID: try $0.decode(UUID.self, column: "request_id"),
                 provinceCode: try $0.decode(String.self, column: "province_code"),
                 assignedAt: try $0.decode(Date.self, column: "assigned_at"))
        }
    }
}
