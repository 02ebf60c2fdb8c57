import Kafka
import Postgres

/// One dependency probed by `/health/ready`.
public struct ReadinessCheck: Sendable {
    public let name: String
    /// Returns `nil` when healthy, else what is wrong.
    public let probe: @Sendable () async -> String?

    public init(name: String, probe: @escaping @Sendable () async -> String?) {
        self.name = name
        self.probe = probe
    }

    /// The database answers `SELECT 1`.
    public static func database(_ pool: PostgresPool) -> ReadinessCheck {
        ReadinessCheck(name: "database") { await pool.ping() ? nil : "PostgreSQL does not answer" }
    }

    /// The broker answers a metadata request.
    public static func broker(_ admin: KafkaAdmin) -> ReadinessCheck {
        ReadinessCheck(name: "kafka") {
            do {
                _ = try await admin.topics()
                return nil
            } catch {
                return "Kafka metadata request failed: \(error)"
            }
        }
    }
}
