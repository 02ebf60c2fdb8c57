import Foundation
import Postgres

/// Serialises imports of one kind: each takes a transaction-scoped advisory lock before it reads
/// what is stored, so two imports naming the same new party cannot both find it missing. The wait
/// is bounded (`lock_timeout`); a timeout is transient (SQLSTATE 55P03), answered 503 with
/// `Retry-After`.
enum ImportLock {
    static let timeout = "30s"

    static func take(_ kind: ImportKind, on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT set_config('lock_timeout', \(timeout), true)")
        try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\("otop.intake.import." + kind.rawValue)::text))")
    }
}
