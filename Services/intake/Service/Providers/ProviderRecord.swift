import Contracts
import Foundation
import Postgres

/// A provider as stored: its published profile, version and times, and the work it holds now.
struct ProviderRecord: Sendable {
    /// Open proposals (pending or accepted) and open assignments (neither withdrawn nor completed)
    /// of the provider `v`: the capacity matching holds for it.
    static let activeAssignments: StaticString = """
        ((SELECT count(*) FROM intake.proposals p WHERE p.provider_id = v.id AND p.status IN ('pending', 'accepted'))
         + (SELECT count(*) FROM intake.request_assignments a
            WHERE a.provider_id = v.id AND a.withdrawn_at IS NULL AND a.completed_at IS NULL))::int AS active_assignments
        """

    /// Reads profiles written with RFC 3339 times (and those of before, without fractions).
    private static let decoder = EventCoding.decoder

    var profile: ProviderRegistered
    var version: EntityVersion
    var updatedAt: Date
    var activeAssignments: Int
    var position: String

    init(row: PostgresRow) throws {
        profile = try row.decodeJSON(ProviderRegistered.self, column: "profile", decoder: Self.decoder)
        version = EntityVersion(number: try row.decode(Int.self, column: "version"))
        updatedAt = try row.decode(Date.self, column: "updated_at")
        activeAssignments = try row.decode(Int.self, column: "active_assignments")
        position = try row.decode(String.self, column: "position")
    }
}
