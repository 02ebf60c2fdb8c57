import Contracts
import Domain
import Foundation
import Logging
@testable import MatchingService
import Messaging
import Postgres
import TestSupport
import Testing

/// Matching's schema, migrated into a database of its own in the real PostgreSQL, and its handler
/// run through the real inbox processor (no broker): events in, rows and outbox events out.
struct MatchingFixture: Sendable {
    let harness: ConsumerHarness
    var pool: PostgresPool { harness.pool }
    var logger: Logger { harness.logger }
    let journey: Journey
    let clock: ManualClock
    let processor: InboxBatchProcessor
    let fiscalYear = 2570

    /// - Parameter configure: changes to the bundled defaults (screening, response window ...).
    static func make(_ configure: (inout MatchingConfiguration) -> Void = { _ in }) async throws -> MatchingFixture {
        let harness = try await ConsumerHarness.make(prefix: "otop_mt", service: .matching, schema: MatchingService.schema,
                                                     migrators: [MatchingService.migrator()])
        var settings = try MatchingConfiguration.bundledDefaults()
        settings.responseWindow = 3600
        configure(&settings)
        let journey = Journey(configuration: settings)
        let clock = ManualClock()
        let processor = try harness.processor("matching.placement", handler: MatchingHandler(journey: journey, clock: clock))
        return MatchingFixture(harness: harness, journey: journey, clock: clock, processor: processor)
    }

    func tearDown() async {
        await harness.tearDown()
    }

    // MARK: Delivering events

    /// Delivers events through the inbox processor, one batch; fails the test on dead letters.
    @discardableResult
    func deliver<Payload: EventPayload>(_ payloads: Payload..., source: ServiceName = .intake,
                                        sourceLocation: SourceLocation = #_sourceLocation) async throws -> [CloudEvent<Payload>] {
        let (events, outcome) = try await harness.deliver(payloads, to: processor, source: source.eventSource, time: clock.now())
        #expect(outcome.deadLetters.isEmpty, "dead letters: \(outcome.deadLetters.map(\.reason))", sourceLocation: sourceLocation)
        return events
    }

    // MARK: Parties

    let officer = Actor(role: .officer, clientId: UUID())

    /// A qualified provider in Chiang Mai (north) that helps food producers with packaging and มผช.
    func provider(_ name: String = "คลินิกเทคโนโลยี", capacity: Int = 3, provinces: [String] = ["TH-50"],
                  areas: [ServiceArea] = [.packagingDesign, .standardsSystem], qualified: Bool = true,
                  id: UUID = UUID()) -> ProviderRegistered {
        ProviderRegistered(providerId: id, name: name, kind: .university, serviceAreas: areas,
                           productTypes: [.food, .beverage], standards: [.tcps, .gmp], accreditedLabTests: [],
                           provinceCodes: provinces, regions: [], capacity: capacity, qualified: qualified,
                           registeredAt: clock.now())
    }

    @discardableResult
    func register(_ provider: ProviderRegistered) async throws -> UUID {
        try await deliver(provider)
        return provider.providerId
    }

    /// A food request from Chiang Mai for packaging (coupon 60,000 baht, programme share 54,000).
    func request(province: String = "TH-50", areas: [ServiceArea] = [.packagingDesign], enterprise: UUID = UUID(),
                 id: UUID = UUID()) -> RequestSubmitted {
        RequestSubmitted(requestId: id, reference: "OTOP-2570-\(id.uuidString.prefix(6))", enterpriseId: enterprise,
                         productId: nil, productName: "น้ำพริกหนุ่ม", productType: .food, serviceAreas: areas,
                         targetStandard: .tcps, description: "ยืดอายุการเก็บรักษา", provinceCode: province,
                         fiscalYear: fiscalYear, submittedAt: clock.now())
    }

    @discardableResult
    func submit(_ request: RequestSubmitted) async throws -> RequestSubmitted {
        try await deliver(request)
        return request
    }

    func enterprise(of request: RequestSubmitted) -> Actor {
        Actor(role: .enterprise, clientId: UUID(), partyId: request.enterpriseId)
    }

    func providerActor(_ provider: UUID) -> Actor {
        Actor(role: .provider, clientId: UUID(), partyId: provider)
    }

    // MARK: Commands

    func accept(_ proposal: Proposal) async throws {
        try await deliver(ProposalResponded(proposalId: proposal.id, requestId: proposal.request, providerId: proposal.provider,
                                            decision: .accept, reason: nil, respondedBy: providerActor(proposal.provider),
                                            respondedAt: clock.now()))
    }

    func decline(_ proposal: Proposal, reason: String = "ทีมงานเต็มในไตรมาสนี้") async throws {
        try await deliver(ProposalResponded(proposalId: proposal.id, requestId: proposal.request, providerId: proposal.provider,
                                            decision: .decline, reason: reason, respondedBy: providerActor(proposal.provider),
                                            respondedAt: clock.now()))
    }

    func confirm(_ proposal: Proposal, enterprise: UUID) async throws {
        try await deliver(ProposalConfirmed(proposalId: proposal.id, requestId: proposal.request, enterpriseId: enterprise,
                                            confirmedBy: Actor(role: .enterprise, partyId: enterprise), confirmedAt: clock.now()))
    }

    func reportWork(_ request: UUID, provider: UUID) async throws {
        try await deliver(WorkReported(requestId: request, providerId: provider, summary: "ออกแบบบรรจุภัณฑ์ใหม่และยื่น มผช. แล้ว",
                                       standardApplied: .tcps, reportedBy: providerActor(provider), reportedAt: clock.now()))
    }

    func confirmCompletion(_ request: UUID, enterprise: UUID) async throws {
        try await deliver(CompletionConfirmed(requestId: request, enterpriseId: enterprise,
                                              confirmedBy: Actor(role: .enterprise, partyId: enterprise), confirmedAt: clock.now()))
    }

    func rate(_ request: UUID, enterprise: UUID, rating: Int = 5) async throws {
        try await deliver(WorkRated(requestId: request, enterpriseId: enterprise, rating: rating, comment: "ดีมาก",
                                    monthlyIncomeBeforeBaht: 40_000, monthlyIncomeAfterBaht: 46_000,
                                    ratedBy: Actor(role: .enterprise, partyId: enterprise), ratedAt: clock.now()))
    }

    func setBudget(_ amount: Int, region: Region = .north) async throws {
        try await deliver(BudgetSet(fiscalYear: fiscalYear, region: region, amountBaht: amount, setBy: officer, setAt: clock.now()))
    }

    // MARK: Reading the state

    /// A proposal as the tests follow it.
    struct Proposal: Sendable, Equatable {
        var id: UUID
        var request: UUID
        var provider: UUID
        var status: ProposalStatus
        var rank: Int
    }

    func proposals(of request: UUID) async throws -> [Proposal] {
        try await pool.query("""
            SELECT id, request_id, provider_id, status, rank FROM matching.proposals WHERE request_id = \(request)
            ORDER BY created_at, rank
            """).map {
            Proposal(id: try $0.decode(UUID.self, column: "id"), request: try $0.decode(UUID.self, column: "request_id"),
                     provider: try $0.decode(UUID.self, column: "provider_id"),
                     status: try $0.decode(ProposalStatus.self, column: "status"), rank: try $0.decode(Int.self, column: "rank"))
        }
    }

    /// The request's only pending proposal.
    func pendingProposal(of request: UUID, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Proposal {
        let pending = try await proposals(of: request).filter { $0.status == .pending }
        return try #require(pending.count == 1 ? pending.first : nil, "one pending proposal, found \(pending)",
                            sourceLocation: sourceLocation)
    }

    func status(of request: UUID) async throws -> RequestStatus {
        try await pool.query("SELECT status FROM matching.requests WHERE id = \(request)").first!
            .decode(RequestStatus.self, column: "status")
    }

    func unmatchedReason(of request: UUID) async throws -> String? {
        try await pool.query("SELECT unmatched_reason FROM matching.requests WHERE id = \(request)").first!
            .decode(String?.self, column: "unmatched_reason")
    }

    func activeLoad(of provider: UUID) async throws -> Int {
        try await pool.query("SELECT active_load FROM matching.providers WHERE id = \(provider)").first!
            .decode(Int.self, column: "active_load")
    }

    func coupon(of request: UUID) async throws -> CouponStatus? {
        try await pool.query("SELECT status FROM matching.coupons WHERE request_id = \(request)").first?
            .decode(CouponStatus.self, column: "status")
    }

    /// The region's ledger row: allocated, held, committed, spent, released.
    func budget(_ region: Region = .north) async throws -> BudgetLedger.Row? {
        try await pool.query("""
            SELECT \(sql: BudgetLedger.Row.columns) FROM matching.budgets WHERE fiscal_year = \(fiscalYear) AND region = \(region.rawValue)
            """).first.map(BudgetLedger.Row.init(row:))
    }

    /// Every event matching wrote, in order.
    func events() async throws -> [IncomingEvent] {
        try await harness.outbox()
    }

    /// The events of one type, decoded.
    func events<Payload: EventPayload>(_ type: Payload.Type) async throws -> [CloudEvent<Payload>] {
        try await harness.events(type)
    }

    /// The event types about one request, in order.
    func journeyTypes(of request: UUID) async throws -> [String] {
        try await events().filter { $0.header.subject == "request/\(request.lowercased)" }
            .map { String($0.header.type.dropFirst("th.otop.".count).dropLast(".v1".count)) }
    }

    /// The invariants every flow keeps: each provider's `active_load` is exactly its open proposals
    /// plus open assignments (never above capacity), and each budget row's totals are exactly its
    /// coupons' (never above the allocation).
    func checkInvariants(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let providers = try await pool.query("""
            SELECT p.id, p.active_load, p.capacity,
                   (SELECT count(*) FROM matching.proposals o WHERE o.provider_id = p.id AND o.status IN ('pending', 'accepted'))
                 + (SELECT count(*) FROM matching.assignments a WHERE a.provider_id = p.id AND a.status IN ('active', 'workReported'))
                   AS open
            FROM matching.providers p
            """)
        for row in providers {
            let load = try row.decode(Int.self, column: "active_load")
            let open = try row.decode(Int.self, column: "open"), capacity = try row.decode(Int.self, column: "capacity")
            let id = try row.decode(UUID.self, column: "id")
            #expect(load == open, "provider \(id): active_load equals open proposals + assignments", sourceLocation: sourceLocation)
            #expect(load <= capacity, sourceLocation: sourceLocation)
        }
        let budgets = try await pool.query("""
            SELECT b.held_baht, b.committed_baht, b.spent_baht, b.allocated_baht,
                   coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'held'), 0)::int8 AS held,
                   coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'committed'), 0)::int8 AS committed,
                   coalesce((SELECT sum(programme_share_baht) FROM matching.coupons c WHERE c.fiscal_year = b.fiscal_year AND c.region = b.region AND c.status = 'spent'), 0)::int8 AS spent
            FROM matching.budgets b
            """)
        for row in budgets {
            #expect(try row.decode(Int.self, column: "held_baht") == row.decode(Int.self, column: "held"), sourceLocation: sourceLocation)
            #expect(try row.decode(Int.self, column: "committed_baht") == row.decode(Int.self, column: "committed"), sourceLocation: sourceLocation)
            #expect(try row.decode(Int.self, column: "spent_baht") == row.decode(Int.self, column: "spent"), sourceLocation: sourceLocation)
        }
        // A coupon is held exactly while its request has an open proposal.
        let strayHolds = try await pool.query("""
            SELECT count(*)::int8 AS n FROM matching.coupons c
            WHERE (c.status = 'held') <> EXISTS (SELECT 1 FROM matching.proposals o WHERE o.request_id = c.request_id AND o.status IN ('pending', 'accepted'))
            """).first!.decode(Int.self, column: "n")
        #expect(strayHolds == 0, "coupons held exactly while a proposal is open", sourceLocation: sourceLocation)
    }

    /// Runs the expiry scheduler's pass once.
    func expireDue() async throws -> ProposalExpiryScheduler.Pass {
        var failing = Set<UUID>()
        let scheduler = ProposalExpiryScheduler(journey: journey, pool: pool, postgres: harness.postgres, logger: logger, clock: clock)
        return try await scheduler.expireDue(skipping: &failing)
    }
}
