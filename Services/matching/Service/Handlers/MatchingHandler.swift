import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Matching's reaction to its topics: provider profiles are kept current (and a new or larger
/// provider gets another look at requests nobody could take), and each submitted request is placed.
struct MatchingHandler: EventHandler {
    var matchmaker = Matchmaker()
    /// Unmatched requests re-tried when a provider registers, oldest first.
    var retryLimit = 100
    let now: @Sendable () -> Date

    func register(_ routes: inout EventRoutes) {
        routes.on(ProviderRegistered.self, providerRegistered)
        routes.on(RequestSubmitted.self, requestSubmitted)
    }

    private func providerRegistered(_ event: CloudEvent<ProviderRegistered>, _ context: HandlerContext) async throws {
        try await upsert(event.data, on: context.connection)
        try await retryUnmatched(context: context)
    }

    private func requestSubmitted(_ event: CloudEvent<RequestSubmitted>, _ context: HandlerContext) async throws {
        let request = event.data
        guard !request.serviceAreas.isEmpty else { throw EventRejection("data.serviceAreas: must not be empty") }
        let inserted = try await context.connection.execute("""
            INSERT INTO matching.requests (id, reference, enterprise_id, product_type, service_areas, target_standard,
                province_code, fiscal_year, status, submitted_at, updated_at)
            VALUES (\(request.requestId), \(request.reference), \(request.enterpriseId), \(request.productType.rawValue),
                \(request.serviceAreas.map(\.rawValue)), \(request.targetStandard?.rawValue), \(request.provinceCode),
                \(request.fiscalYear), 'pending', \(request.submittedAt), \(now()))
            ON CONFLICT (id) DO NOTHING
            """)
        guard inserted == 1 else { return }
        _ = try await matchmaker.place(requestID: request.requestId, announceUnmatched: true, now: now(), context: context)
    }

    private func upsert(_ p: ProviderRegistered, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO matching.providers (id, name, kind, service_areas, product_types, standards, province_codes, regions,
                capacity, qualified, updated_at)
            VALUES (\(p.providerId), \(p.name), \(p.kind.rawValue), \(p.serviceAreas.map(\.rawValue)),
                \(p.productTypes.map(\.rawValue)), \(p.standards.map(\.rawValue)), \(p.provinceCodes),
                \(p.regions.map(\.rawValue)), \(p.capacity), \(p.qualified), \(p.registeredAt))
            ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, service_areas = EXCLUDED.service_areas,
                product_types = EXCLUDED.product_types, standards = EXCLUDED.standards,
                province_codes = EXCLUDED.province_codes, regions = EXCLUDED.regions, capacity = EXCLUDED.capacity,
                qualified = EXCLUDED.qualified, updated_at = EXCLUDED.updated_at
            WHERE matching.providers.updated_at <= EXCLUDED.updated_at
            """)
    }

    private func retryUnmatched(context: HandlerContext) async throws {
        let waiting = try await context.connection.query("""
            SELECT id FROM matching.requests WHERE status = 'unmatched' ORDER BY submitted_at LIMIT \(retryLimit)
            """)
        for row in waiting {
            _ = try await matchmaker.place(requestID: try row.decode(UUID.self, column: "id"), announceUnmatched: false,
                                           now: now(), context: context)
        }
    }
}
