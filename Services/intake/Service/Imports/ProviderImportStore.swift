import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Imports a providers file: compares each provider with the stored one of the same name and
/// writes what changed, with the events `POST /v1/providers` publishes (`provider.registered`,
/// `contact.upserted`); a changed profile is published again as `provider.registered` with the same
/// id. One transaction for the whole file, a few statements whatever its size (see
/// ``EnterpriseImportStore``).
struct ProviderImportStore: Sendable {
    let pool: PostgresPool

    /// Imports (or, with `dryRun`, only compares) the file's valid providers.
    func run(_ reading: FileReading<ProviderCandidate>, dryRun: Bool, now: Date) async throws -> ImportResult {
        let names = reading.candidates.map(\.name)
        if dryRun {
            let stored = try await pool.withConnection { connection in
                try await StoredProvider.read(names: names, on: connection)
            }
            let (decided, changes) = Self.decide(reading, stored: stored, now: now)
            return ImportResult(kind: .providers, dryRun: true, reading: decided, changes: changes)
        }
        return try await pool.withTransaction { connection in
            try await ImportLock.take(.providers, on: connection)
            let stored = try await StoredProvider.read(names: names, on: connection)
            let (decided, changes) = Self.decide(reading, stored: stored, now: now)
            try await write(changes, now: now, on: connection)
            return ImportResult(kind: .providers, dryRun: false, reading: decided, changes: changes)
        }
    }

    private static func decide(_ reading: FileReading<ProviderCandidate>, stored: [String: [StoredProvider]],
                               now: Date) -> (FileReading<ProviderCandidate>, [ProviderChange]) {
        reading.deciding { ProviderChange.decide($0, stored: stored[$0.name] ?? [], now: now, has: reading.layout.has) }
    }

    private func write(_ changes: [ProviderChange], now: Date, on connection: PostgresConnection) async throws {
        let created = changes.filter { $0.outcome == .created }
        let updated = changes.filter(\.writesDetails)
        let contacted = changes.filter(\.writesContacts)
        if !created.isEmpty {
            try await connection.execute("""
                INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified, created_at, updated_at)
                SELECT x.id, x.name, x.kind, x.profile, x.capacity, x.qualified, \(now), \(now)
                FROM jsonb_to_recordset(\(try PostgresJSON(created.map { ProviderImportRow($0.profile) }))) AS x(
                    id uuid, name text, kind text, profile jsonb, capacity int, qualified boolean)
                """)
        }
        if !updated.isEmpty {
            try await connection.execute("""
                UPDATE intake.providers p SET kind = x.kind, profile = x.profile, capacity = x.capacity, qualified = x.qualified,
                    version = p.version + 1, updated_at = \(now)
                FROM jsonb_to_recordset(\(try PostgresJSON(updated.map { ProviderImportRow($0.profile) }))) AS x(
                    id uuid, name text, kind text, profile jsonb, capacity int, qualified boolean)
                WHERE p.id = x.id
                """)
        }
        let contacts = contacted.map { ContactsUpserted(partyId: $0.id, partyKind: .provider, partyName: $0.profile.name,
                                                        contacts: $0.contacts) }
        try await ImportContacts.store(contacts, on: connection)

        let events = EventEmitter(service: .intake, schema: IntakeService.schema)
        try await events.emit(all: (created + updated).map(\.profile), correlationID: { $0.aggregateID }, time: now, on: connection)
        try await events.emit(all: contacts, correlationID: { $0.aggregateID }, time: now, on: connection)
    }
}

/// An `intake.providers` row, as a `jsonb_to_recordset` record; `profile` is the event's payload, as
/// `POST /v1/providers` stores it.
private struct ProviderImportRow: Encodable {
    let id: UUID
    let name: String
    let kind: String
    let profile: ProviderRegistered
    let capacity: Int
    let qualified: Bool

    init(_ profile: ProviderRegistered) {
        id = profile.providerId
        name = profile.name
        kind = profile.kind.rawValue
        self.profile = profile
        capacity = profile.capacity
        qualified = profile.qualified
    }
}
