import Foundation
import Messaging
import Postgres

/// A service's schema migrations: migration 1 is the shared outbox/inbox tables, the service's own
/// files (`NNNN_name.sql`, numbered from 0002) follow.
public enum ServiceSchema {
    public static func migrator(schema: String, directory: URL) throws -> PostgresMigrator {
        let own = try PostgresMigrator.load(schema: schema, directory: directory)
        return PostgresMigrator(schema: schema, migrations: [MessagingTables.migration(schema: schema)] + own.migrations)
    }

    /// The `Migrations` folder inside a resource bundle.
    public static func migrationsFolder(in bundle: Bundle) -> URL {
        guard let url = bundle.url(forResource: "Migrations", withExtension: nil) else {
            fatalError("the Migrations folder is missing from \(bundle.bundlePath)")
        }
        return url
    }
}
