import Contracts
import Domain
import Foundation
import Logging
import Postgres
import ServiceRuntime

/// The matching process: proposes providers for requests, and its outbox relay.
public enum MatchingService {
    public static let schema = "matching"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .matching, defaultHTTPPort: 8081, migrations: [migrator()])
        let consumer = try host.consumer(name: "placement", schema: schema, handler: MatchingHandler(now: Date.init))
        try await host.run(services: [host.outboxRelay(schema: schema), consumer])
    }
}
