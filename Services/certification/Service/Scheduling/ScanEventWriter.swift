import Messaging
import Postgres

/// Where a scan batch's events go: written in the batch's transaction, so they commit with the
/// reminders recorded and the certificates moved on, or not at all.
protocol ScanEventWriter: Sendable {
    /// Writes `entries` in their order on `connection` (inside the batch's transaction).
    func write(_ entries: [OutboxEntry], on connection: PostgresConnection) async throws
}

/// The service's outbox: the batch's entries appended in order, one statement per 1,000, and one
/// `pg_notify` with the last, which wakes the relays once when the batch commits.
struct OutboxScanWriter: ScanEventWriter {
    let outbox: Outbox

    func write(_ entries: [OutboxEntry], on connection: PostgresConnection) async throws {
        try await outbox.append(entries, on: connection)
    }
}
