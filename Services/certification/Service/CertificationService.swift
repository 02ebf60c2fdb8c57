import Contracts
import Domain
import Foundation
import Logging
import Postgres
import ServiceRuntime

/// The certification tracker process.
public enum CertificationService {
    public static let schema = "certification"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .certification, defaultHTTPPort: 8082, migrations: [migrator()])
        let consumer = try host.consumer(name: "tracker", schema: schema,
                                         handler: CertificationHandler(catalogue: .default, now: Date.init))
        try await host.run(services: [host.outboxRelay(schema: schema), consumer])
    }
}
