import Domain
import Foundation
import Postgres

/// The sequence a fiscal year's request references (`OTOP-<year>-<n>`) are numbered from:
/// `intake.request_reference_<Buddhist year>`, created when the year's first request needs it
/// (Migrations/0003 explains why a sequence and not a counter row).
struct ReferenceSequence: Sendable {
    let fiscalYear: FiscalYear

    /// The qualified name, as `nextval` takes it.
    var qualifiedName: String { "intake.\(name)" }

    private var name: String { "request_reference_\(fiscalYear.buddhistYear)" }

    /// The reference text for the `number`th request of the year.
    func reference(number: Int64) -> String {
        let digits = String(number)
        return "OTOP-\(fiscalYear.buddhistYear)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Creates the sequence unless it exists. Two processes may race to create it; the loser's
    /// error (the catalogue's unique index) means it is there now.
    func create(on pool: PostgresPool) async throws {
        do {
            try await pool.execute("CREATE SEQUENCE IF NOT EXISTS intake.\(identifier: name) AS bigint")
        } catch let error as PostgresError where error.sqlState == .uniqueViolation || error.sqlState == .duplicateTable {
            return
        }
    }

    /// Whether `error` says the sequence does not exist yet (`undefined_table`).
    static func isMissing(_ error: any Error) -> Bool {
        (error as? PostgresError)?.sqlState == .undefinedTable
    }
}
