import Contracts
import Domain
import Foundation
import Postgres

/// A provider as intake stores it, with its contact persons: what an import compares a file's
/// provider with. Decoded from its row in one place.
struct StoredProvider: Sendable {
    let id: UUID
    let name: String
    /// The profile as last published; `registeredAt` is the row's `created_at` (microseconds, as
    /// the first event carried it: the `profile` column keeps whole seconds).
    let profile: ProviderRegistered
    /// `nil` when the provider has no contacts row (never given, or erased).
    let contacts: [ContactPerson]?

    /// The stored providers whose names, trimmed and with spaces collapsed, are among `names`,
    /// grouped by that key (more than one under a key is possible: the API does not refuse a name twice).
    static func read(names: [String], on connection: PostgresConnection) async throws -> [String: [StoredProvider]] {
        guard !names.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT p.id, p.name, p.profile, p.created_at, c.contacts
            FROM intake.providers p LEFT JOIN intake.contacts c ON c.party_id = p.id
            WHERE regexp_replace(btrim(p.name), '\\s+', ' ', 'g') = ANY(\(names))
            ORDER BY p.created_at, p.id
            """)
        var providers: [String: [StoredProvider]] = [:]
        for row in rows {
            var profile = try row.decodeJSON(ProviderRegistered.self, column: "profile", decoder: profileDecoder)
            profile.registeredAt = try row.decode(Date.self, column: "created_at")
            let contacts = try row.decode(PostgresJSON?.self, column: "contacts").map { json throws(PostgresError) in
                try json.decode([ContactPerson].self)
            }
            let provider = StoredProvider(id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                                          profile: profile, contacts: contacts)
            providers[ImportText.collapsed(provider.name), default: []].append(provider)
        }
        return providers
    }

    /// `profile` is written with `PostgresJSON`'s encoder (ISO 8601 dates).
    private static let profileDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
