import Contracts
import Domain
import Foundation
import Logging
import Postgres
import ServiceRuntime

/// The intake process: the HTTP API, its outbox relay, and the timeline consumer.
public enum IntakeService {
    /// The schema intake owns.
    public static let schema = "intake"

    /// Intake's migrations (outbox/inbox, then Migrations/*.sql).
    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .intake, defaultHTTPPort: 8080, migrations: [migrator()])
        let clients = ClientStore(pool: host.pool)
        if let token = host.configuration.environment.optional("INTAKE_OPERATOR_TOKEN") {
            // The first operator comes from the environment (a secret); it creates every other client.
            try await clients.ensureOperator(token: token, name: "bootstrap operator")
        }
        let api = IntakeAPI(clients: clients, parties: PartyStore(pool: host.pool), requests: RequestStore(pool: host.pool))
        let timeline = try host.consumer(name: "timeline", schema: schema, handler: TimelineHandler())
        try await host.run(services: [host.outboxRelay(schema: schema), timeline],
                           router: api.router(operations: host.operationsRoutes))
    }
}
