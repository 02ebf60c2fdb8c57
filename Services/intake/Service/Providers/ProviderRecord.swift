import Contracts
import Foundation
import Postgres

/// A provider as stored: its published profile, version and times.
struct ProviderRecord: Sendable {
    /// Reads profiles written with RFC 3339 times (and those of before, without fractions).
    private static let decoder = EventCoding.decoder

    var profile: ProviderRegistered
    var version: EntityVersion
    var updatedAt: Date
    var position: String

    init(row: PostgresRow) throws {
        profile = try row.decodeJSON(ProviderRegistered.self, column: "profile", decoder: Self.decoder)
        version = EntityVersion(number: try row.decode(Int.self, column: "version"))
        updatedAt = try row.decode(Date.self, column: "updated_at")
        position = try row.decode(String.self, column: "position")
    }
}
