import Kafka
import Logging
import Postgres
import Synchronization

extension DependencyMonitor {
    /// PostgreSQL answers `SELECT 1` on a connection of the monitor's own (so a busy pool does not
    /// look like an unreachable server), checked every second; no answer within 2 s counts as
    /// unreachable. A broken connection is replaced at the next check.
    public static func database(_ configuration: PostgresConfiguration, logger: Logger,
                                interval: Duration = .seconds(1), overdue: Duration = .seconds(2)) -> DependencyMonitor {
        let connection = DedicatedConnection(configuration: configuration, logger: logger)
        return DependencyMonitor(name: "database", interval: interval, overdue: overdue,
                                 check: { try await connection.ping() }, close: { await connection.close() })
    }

    /// The Kafka cluster answers a metadata request (brokers only) within `overdue`, checked every
    /// `interval`.
    public static func broker(_ admin: KafkaAdmin, interval: Duration = .seconds(2),
                              overdue: Duration = .seconds(3)) -> DependencyMonitor {
        DependencyMonitor(name: "kafka", interval: interval, overdue: overdue) {
            let brokers = try await admin.brokerCount(timeout: overdue)
            if brokers == 0 { throw KafkaError(code: .state, message: "the cluster reported no brokers", operation: "query brokers") }
        }
    }
}

/// One connection kept open for the database check, reopened after it broke.
private final class DedicatedConnection: Sendable {
    let configuration: PostgresConfiguration
    let logger: Logger
    private let connection = Mutex<PostgresConnection?>(nil)

    init(configuration: PostgresConfiguration, logger: Logger) {
        var configuration = configuration
        configuration.applicationName += "-health"
        self.configuration = configuration
        self.logger = logger
    }

    /// `SELECT 1` on the kept connection; if that one broke (the server restarted since the last
    /// check), once more on a new connection, so a server that is back counts as reachable at once.
    func ping() async throws {
        if let kept = connection.withLock({ $0.take() }) {
            if (try? await kept.query("SELECT 1 AS one")) != nil {
                connection.withLock { $0 = kept }
                return
            }
            await kept.close()
        }
        let fresh = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        do {
            _ = try await fresh.query("SELECT 1 AS one")
        } catch {
            await fresh.close()
            throw error
        }
        connection.withLock { $0 = fresh }
    }

    func close() async {
        await connection.withLock { $0.take() }?.close()
    }
}
