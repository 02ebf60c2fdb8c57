import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres
import ServiceRuntime

/// The matching process: the coupon journey (consumer), the proposal expiry scheduler and the
/// outbox relay.
public enum MatchingService {
    public static let schema = "matching"

    public static func migrator() throws -> PostgresMigrator {
        try ServiceSchema.migrator(schema: schema, directory: ServiceSchema.migrationsFolder(in: .module))
    }

    public static func run() async throws {
        let host = try await ServiceHost.start(service: .matching, defaultHTTPPort: 8081, migrations: [migrator()])
        let configuration: MatchingConfiguration
        do {
            configuration = try MatchingConfiguration(environment: host.configuration.environment,
                                                      programme: host.configuration.programme)
        } catch {
            FileHandle.standardError.write(Data("matching: \(error)\n".utf8))
            exit(78)
        }
        host.logger.info("journey settings", metadata: [
            "screening": "\(configuration.screening.rawValue)", "placement": "\(configuration.placement.rawValue)",
            "response_window_s": "\(Int(configuration.responseWindow))", "parallel_proposals": "\(configuration.parallelProposals)",
            "unset_budget": "\(configuration.unsetBudget.rawValue)",
            "unverified_coupon_figures": "\(configuration.coupons.unverified.joined(separator: ","))"])
        let moved = try await RegionalAssignment.follow(RegionalStructure.current, pool: host.pool)
        if moved > 0 { host.logger.notice("requests moved to another regional office", metadata: ["requests": "\(moved)"]) }
        let journey = Journey(configuration: configuration)
        let consumer = try host.consumer(name: "placement", schema: schema, handler: MatchingHandler(journey: journey, clock: .system))
        let expiry = ProposalExpiryScheduler(journey: journey, pool: host.pool, postgres: host.configuration.postgres,
                                             logger: host.logger)
        host.health.add(.worker(expiry.progress, name: "proposal-expiry"))
        try await host.run(services: [host.outboxRelay(schema: schema), expiry, consumer])
    }
}
