import Contracts
import Domain
import Foundation
import Postgres

/// A request as the API shows it.
struct RequestView: Codable, Sendable {
    struct TimelineEntry: Codable, Sendable {
        var eventId: UUID
        var type: String
        var source: String
        var at: Date
        var summary: [String: String]
    }

    /// The provider holding the request's work: its open assignment's, or the accepting one's.
    struct Holder: Codable, Sendable, Equatable {
        var id: UUID
        var name: String
    }

    /// Why a request waits for a provider (only while `unmatched` or `waitlisted`).
    struct Waiting: Codable, Sendable, Equatable {
        var reason: String
        var reasonTH: String
        var reasonEN: String
        var since: Date
        /// The allocation round that waitlisted it.
        var roundId: UUID?
    }

    var id: UUID
    var reference: String
    var enterpriseId: UUID
    /// The enterprise's current name.
    var enterpriseName: String
    var productId: UUID?
    var productName: String
    var productType: String
    var serviceAreas: [String]
    var targetStandard: String?
    var description: String
    var provinceCode: String
    var fiscalYear: Int
    var status: String
    /// The status as enterprises and officers read it in Thai.
    var statusNameTH: String
    /// The status in English, for an English interface.
    var statusNameEN: String
    /// When the request entered its current status.
    var statusSince: Date
    /// Its latest timeline entry from intake, matching or certification (deliveries do not count).
    var lastActivityAt: Date
    var provider: Holder?
    var waiting: Waiting?
    var submittedAt: Date
    var updatedAt: Date
    var timeline: [TimelineEntry]?
    /// `submitted_at` as PostgreSQL writes it, for paging (not shown).
    var position = ""

    private enum CodingKeys: String, CodingKey {
        case id, reference, enterpriseId, enterpriseName, productId, productName, productType, serviceAreas, targetStandard
        case description, provinceCode, fiscalYear, status, statusNameTH, statusNameEN, statusSince, lastActivityAt, provider
        case waiting, submittedAt, updatedAt, timeline
    }

    /// What ``init(row:)`` reads, from `intake.requests r` joined as ``joins`` says.
    static let columns: StaticString = """
        r.id, r.reference, r.enterprise_id, e.name AS enterprise_name, r.product_id, r.product_name, r.product_type,
        r.service_areas, r.target_standard, r.description, r.province_code, r.fiscal_year, r.status, r.status_since,
        r.last_activity_at, r.waiting_reason, r.waiting_round_id, holder.provider_id AS holder_id, pv.name AS holder_name,
        r.submitted_at, r.updated_at, r.submitted_at::text AS position
        """

    /// The enterprise, and the provider holding the work: the open assignment's, else (while the
    /// request is `accepted`) the accepting proposal's.
    static let joins: StaticString = """
        JOIN intake.enterprises e ON e.id = r.enterprise_id
        LEFT JOIN LATERAL (
            SELECT a.provider_id FROM intake.request_assignments a WHERE a.request_id = r.id AND a.withdrawn_at IS NULL
            UNION ALL
            (SELECT p.provider_id FROM intake.proposals p
             WHERE r.status = 'accepted' AND p.request_id = r.id AND p.status = 'accepted'
             ORDER BY p.updated_at DESC LIMIT 1)
            LIMIT 1) holder ON true
        LEFT JOIN intake.providers pv ON pv.id = holder.provider_id
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        reference = try row.decode(String.self, column: "reference")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        enterpriseName = try row.decode(String.self, column: "enterprise_name")
        productId = try row.decode(UUID?.self, column: "product_id")
        productName = try row.decode(String.self, column: "product_name")
        productType = try row.decode(String.self, column: "product_type")
        serviceAreas = try row.decode([String].self, column: "service_areas")
        targetStandard = try row.decode(String?.self, column: "target_standard")
        description = try row.decode(String.self, column: "description")
        provinceCode = try row.decode(String.self, column: "province_code")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        let status = try row.decode(RequestStatus.self, column: "status")
        self.status = status.rawValue
        statusNameTH = status.nameTH
        statusNameEN = status.nameEN
        statusSince = try row.decode(Date.self, column: "status_since")
        lastActivityAt = try row.decode(Date.self, column: "last_activity_at")
        if let holder = try row.decode(UUID?.self, column: "holder_id") {
            provider = Holder(id: holder, name: try row.decode(String.self, column: "holder_name"))
        }
        if status == .unmatched || status == .waitlisted, let reason = try row.decode(String?.self, column: "waiting_reason") {
            let names = WaitingReason.names(of: reason)
            waiting = Waiting(reason: reason, reasonTH: names.th, reasonEN: names.en, since: statusSince,
                              roundId: try row.decode(UUID?.self, column: "waiting_round_id"))
        }
        submittedAt = try row.decode(Date.self, column: "submitted_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        timeline = nil
        position = try row.decode(String.self, column: "position")
    }
}
