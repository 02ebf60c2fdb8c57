import Contracts
import Domain
import Foundation
import Postgres

/// The access log (`intake.access_log`): written by the routes that show a party's personal data to
/// another party, before they answer (a read that cannot be recorded is not answered), and listed
/// for officers and operators.
struct AccessLogStore: Sendable {
    let pool: PostgresPool

    /// Records `read` at `now`.
    func record(_ read: AccessRecord, now: Date) async throws {
        let reader = read.reader
        try await pool.execute("""
            INSERT INTO intake.access_log (id, read_at, route, reader_client_id, reader_role, reader_party_id, party_id,
                party_kind, fields, request_id, regions)
            VALUES (\(UUID()), \(now), \(read.route), \(reader.id), \(reader.role.rawValue),
                \(reader.enterpriseID ?? reader.providerID), \(read.partyID), \(read.partyKind.rawValue),
                \(read.fields.map(\.rawValue)), \(read.requestID), \(read.regions.map(\.rawValue)))
            """)
    }

    /// Entries newest first, `limit + 1` rows: about `party`'s data, read by `reader` (a party id),
    /// and concerning `region` (a scoped officer's), each when given.
    func list(party: UUID?, reader: UUID?, region: Region?, _ query: ListQuery) async throws -> [AccessLogEntryView] {
        let rows = try await pool.query("""
            SELECT id, read_at, route, reader_client_id, reader_role, reader_party_id, party_id, party_kind, fields,
                   request_id, regions, read_at::text AS position
            FROM intake.access_log
            WHERE (\(party)::uuid IS NULL OR party_id = \(party))
              AND (\(reader)::uuid IS NULL OR reader_party_id = \(reader))
              AND (\(region?.rawValue)::text IS NULL OR \(region?.rawValue) = ANY(regions))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (read_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY read_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """)
        return try rows.map(AccessLogEntryView.init(row:))
    }
}
