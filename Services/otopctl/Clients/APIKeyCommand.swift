import ArgumentParser
import Domain
import Foundation
import IntakeService
import Postgres

/// `otopctl apikey create|list|revoke|rotate`: intake's API clients, for the operator who has no
/// operator token yet (bootstrap) or has lost it (break glass).
///
/// It writes intake's schema through intake's own ``ClientStore`` in process (the way
/// `otopctl migrate` runs the services' migrators): the same validation of roles and parties, the
/// same token hashing, the same rotation and revocation, so nothing is written behind intake's back.
/// A revocation takes effect on the next request to any intake replica: every route reads
/// `revoked_at` in a statement of that request (`POST /v1/requests` in its own first statement,
/// behind the client cache).
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Create, list, rotate and revoke intake API keys.",
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API client; prints its token once.")

        @Option(help: "A name that says who holds the key.") var name: String
        @Option(help: "enterprise, provider, officer, operator, ministry (reads everything nationally, changes nothing) or portal (the portal's service client for sign-in codes).") var role: String
        @Option(help: "The enterprise an enterprise key acts for.") var enterpriseId: String?
        @Option(help: "The provider a provider key acts for.") var providerId: String?
        @Option(help: "The region an officer key is scoped to (north, northeast, central, east, west, south).") var region: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw CommandError("--role must be one of \(Role.allCases.map(\.rawValue))") }
            let enterprise = try enterpriseId.map { text in
                guard let id = UUID(uuidString: text) else { throw CommandError("--enterprise-id must be a UUID") }
                return id
            }
            let provider = try providerId.map { text in
                guard let id = UUID(uuidString: text) else { throw CommandError("--provider-id must be a UUID") }
                return id
            }
            let scope = try region.map { text in
                guard let region = Region(rawValue: text) else { throw CommandError("--region must be one of \(Region.allCases.map(\.rawValue))") }
                return region
            }
            guard (role == .enterprise) == (enterprise != nil) else { throw CommandError("--enterprise-id goes with --role enterprise, and only there") }
            guard (role == .provider) == (provider != nil) else { throw CommandError("--provider-id goes with --role provider, and only there") }
            guard scope == nil || role == .officer else { throw CommandError("--region is only for --role officer") }
            try await withClients { clients in
                guard try await clients.partyExists(enterpriseID: enterprise, providerID: provider) else {
                    throw CommandError("no such enterprise or provider is registered")
                }
                let (client, token) = try await clients.create(name: name, role: role, enterpriseID: enterprise,
                                                               providerID: provider, region: scope)
                print("id:    \(client.id.lowercased)")
                print("token: \(token)")
                print("(the token is shown once; store it as a secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API clients (never their tokens).")

        func run() async throws {
            try await withClients { clients in
                for record in try await clients.all() {
                    let client = record.client
                    let party = client.enterpriseID.map { "enterprise \($0.lowercased)" }
                        ?? client.providerID.map { "provider \($0.lowercased)" }
                        ?? client.region.map { "region \($0.rawValue)" } ?? "-"
                    let state = record.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
                    print("\(client.id.lowercased)  \(client.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))"
                          + "  \(client.credential.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))  \(state)  \(party)  \(client.name)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API client: refused from the next request on.")
        @Argument(help: "The client's id.") var id: String

        func run() async throws {
            guard let id = UUID(uuidString: id) else { throw CommandError("the id must be a UUID") }
            try await withClients { clients in
                guard try await clients.revoke(id: id) else { throw CommandError("no active client \(id.lowercased)") }
                print("revoked \(id.lowercased)")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an API key: prints the new token; the old one stops at once.")
        @Argument(help: "The client's id.") var id: String

        func run() async throws {
            guard let id = UUID(uuidString: id) else { throw CommandError("the id must be a UUID") }
            try await withClients { clients in
                guard let (client, token) = try await clients.rotate(id: id) else {
                    throw CommandError("no active API-key client \(id.lowercased)")
                }
                print("id:    \(client.id.lowercased) (replaces \(id.lowercased))")
                print("token: \(token)")
            }
        }
    }
}

/// Runs `body` with intake's client store on a small pool, closing it afterwards.
private func withClients(_ body: (ClientStore) async throws -> Void) async throws {
    let pool = PostgresPool(configuration: try CommandEnvironment.postgres(), maxConnections: 1, logger: CommandEnvironment.logger)
    do {
        try await body(ClientStore(pool: pool))
    } catch {
        await pool.close()
        throw error
    }
    await pool.close()
}
