import ArgumentParser
import CertificationService
import IntakeService
import MatchingService
import NotificationsService
import PortalService
import Postgres

/// `otopctl migrate`: applies every service's schema migrations (the portal's too) (the services also do it at start).
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the database migrations of every service (the portal's included).")

    func run() async throws {
        let logger = CommandEnvironment.logger
        let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: 2, logger: logger)
        let migrators = [try IntakeService.migrator(), try MatchingService.migrator(),
                         try CertificationService.migrator(), try NotificationsService.migrator(),
                         try PortalService.migrator()]
        do {
            for migrator in migrators {
                let applied = try await migrator.migrate(on: pool, logger: logger)
                print("\(migrator.schema): \(applied.isEmpty ? "up to date" : "applied \(applied.map(String.init).joined(separator: ", "))")")
            }
        } catch {
            await pool.close()
            throw error
        }
        await pool.close()
    }
}
