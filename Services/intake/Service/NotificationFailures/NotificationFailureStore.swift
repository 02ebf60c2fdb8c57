import Domain
import Foundation
import Postgres

/// Messages that failed for good, as ``NotificationFailureReadModel`` keeps them, and their
/// resolution by an officer (intake-only state: no event).
struct NotificationFailureStore: Sendable {
    let pool: PostgresPool

    /// The outcome of a resolution.
    enum Resolution {
        case resolved(NotificationFailureView)
        /// It was resolved before (by whoever, whenever the view says).
        case alreadyResolved(NotificationFailureView)
        /// No such failure, or none in `region`.
        case missing
    }

    /// Failures newest first, `limit + 1` rows from the query's cursor, each with its position: only
    /// `region`'s when given (a scoped officer's own region, or the `region` filter), resolved or not
    /// as `resolved` says.
    func list(resolved: Bool?, regions: [Region]?, query: ListQuery) async throws -> [(position: String, view: NotificationFailureView)] {
        let names = regions?.map(\.rawValue)
        return try await pool.query("""
            \(sql: NotificationFailureView.selection)
            WHERE (\(resolved)::boolean IS NULL OR (f.resolved_at IS NOT NULL) = \(resolved))
              AND (\(names)::text[] IS NULL OR f.region = ANY(\(names)))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (f.failed_at, f.notification_id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY f.failed_at DESC, f.notification_id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try NotificationFailureView(row: $0)) }
    }

    /// Marks the failure handled with `note` by `client`, unless it was already; `scope` limits it
    /// to a scoped officer's region.
    func resolve(_ id: UUID, note: String, by client: UUID, scope: Region?, now: Date) async throws -> Resolution {
        try await pool.withTransaction { connection in
            let found = try await connection.query("""
                SELECT region, resolved_at FROM intake.notification_failures WHERE notification_id = \(id) FOR UPDATE
                """)
            guard let row = found.first else { return .missing }
            if let scope, try row.decode(Region?.self, column: "region") != scope { return .missing }
            let earlier = try row.decode(Date?.self, column: "resolved_at") != nil
            if !earlier {
                try await connection.execute("""
                    UPDATE intake.notification_failures SET resolved_at = \(now), resolved_by = \(client), resolution = \(note)
                    WHERE notification_id = \(id)
                    """)
            }
            let view = try NotificationFailureView(row: try await connection.query("""
                \(sql: NotificationFailureView.selection) WHERE f.notification_id = \(id)
                """)[0])
            return earlier ? .alreadyResolved(view) : .resolved(view)
        }
    }
}
