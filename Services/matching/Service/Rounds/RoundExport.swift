import Allocation
import Foundation
import Postgres

extension MatchingService {
    /// A stored allocation round, as `otopctl round export` reports it.
    public struct StoredRound: Sendable {
        public var id: UUID
        public var fiscalYear: Int
        public var region: String?
        public var seed: UInt64
        public var objective: Int
        public var solverMilliseconds: Double
        public var requests: Int
        public var proposed: Int
        public var waitlisted: Int
        /// The instance solved, in the file format `otopctl bench matching --instance` reads.
        public var instance: [UInt8]
    }

    /// The round `id` from matching's schema, or `nil` when there is none.
    public static func storedRound(_ id: UUID, on pool: PostgresPool) async throws -> StoredRound? {
        guard let row = try await pool.query("""
            SELECT id, fiscal_year, region, seed::text AS seed, objective, solver_ms, requests, proposed, waitlisted,
                   \(sql: RoundInstance.columns)
            FROM matching.rounds WHERE id = \(id)
            """).first else { return nil }
        let seedText = try row.decode(String.self, column: "seed")
        guard let seed = UInt64(seedText) else {
            throw PostgresError(code: .decoding, message: "round \(id): seed '\(seedText)' is not a UInt64", column: "seed")
        }
        return StoredRound(id: try row.decode(UUID.self, column: "id"), fiscalYear: try row.decode(Int.self, column: "fiscal_year"),
                           region: try row.decode(String?.self, column: "region"), seed: seed,
                           objective: try row.decode(Int.self, column: "objective"),
                           solverMilliseconds: try row.decode(Double.self, column: "solver_ms"),
                           requests: try row.decode(Int.self, column: "requests"),
                           proposed: try row.decode(Int.self, column: "proposed"),
                           waitlisted: try row.decode(Int.self, column: "waitlisted"),
                           instance: AllocationInstance.encode(try RoundInstance(row: row).problem()))
    }
}
