import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// The coupon journey in intake: the parties' commands, stored and published in one transaction
/// (with an entry on the request's timeline), and the read models built from matching's events that
/// the journey's routes show and check (proposals, a request's state, budgets, rounds).
public struct JourneyStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    // MARK: Commands

    /// Publishes a party's command on its topic, correlated with `correlation` (a request's id, a
    /// budget key, a round id), and records it on the request's timeline when it is about one.
    @discardableResult
    func publish<Payload: EventPayload>(_ command: Payload, correlation: String, request: UUID?, summary: [String: String],
                                        now: Date) async throws -> EventHeader {
        try await pool.withTransaction { connection in
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: correlation)
            let event = try await events.emit(command, time: now, on: connection)
            if let request {
                try await RequestStore.appendTimeline(event: event.header, requestID: request, summary: summary, on: connection)
            }
            return event.header
        }
    }

    /// Records an allocation round an officer starts and publishes `round.requested`.
    func requestRound(_ round: RoundRequested, client: APIClient) async throws -> EventHeader {
        try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.rounds (id, fiscal_year, region, seed, requested_by, requested_at)
                VALUES (\(round.roundId), \(round.fiscalYear), \(round.region?.rawValue), \(round.seed.map(String.init)),
                    \(client.id), \(round.requestedAt))
                """)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema,
                                      correlationID: round.roundId.uuidString.lowercased())
            return try await events.emit(round, time: round.requestedAt, on: connection).header
        }
    }

    // MARK: Read models

    /// What intake knows of a request's journey.
    struct RequestState: Sendable {
        var id: UUID
        var reference: String
        var enterpriseID: UUID
        var status: RequestStatus
        /// The provider holding the open assignment (``AssignmentReadModel``), if any.
        var assignedProviderID: UUID?
        /// The enterprise rated the work (the assignment's rating, ``AssignmentReadModel``).
        var rated: Bool
        /// The enterprise's province (an officer scoped to a region acts on that region's requests only).
        var provinceCode: String
    }

    func requestState(_ id: UUID) async throws -> RequestState? {
        guard let row = try await pool.query("""
            SELECT r.id, r.reference, r.enterprise_id, r.status, a.provider_id AS assigned_provider_id, r.province_code,
                   EXISTS (SELECT 1 FROM intake.request_assignments x WHERE x.request_id = r.id AND x.rated_at IS NOT NULL) AS rated
            FROM intake.requests r
            LEFT JOIN intake.request_assignments a ON a.request_id = r.id AND a.withdrawn_at IS NULL
            WHERE r.id = \(id)
            """).first else { return nil }
        return RequestState(id: try row.decode(UUID.self, column: "id"), reference: try row.decode(String.self, column: "reference"),
                            enterpriseID: try row.decode(UUID.self, column: "enterprise_id"),
                            status: try row.decode(RequestStatus.self, column: "status"),
                            assignedProviderID: try row.decode(UUID?.self, column: "assigned_provider_id"),
                            rated: try row.decode(Bool.self, column: "rated"),
                            provinceCode: try row.decode(String.self, column: "province_code"))
    }

    func providerExists(_ id: UUID) async throws -> Bool {
        try await !pool.query("SELECT 1 AS one FROM intake.providers WHERE id = \(id)").isEmpty
    }

    func proposal(_ id: UUID) async throws -> ProposalView? {
        try await pool.query("SELECT \(sql: ProposalView.columns) FROM intake.proposals WHERE id = \(id)")
            .first.map(ProposalView.init(row:))
    }

    /// The province of the request a proposal is for (scope checks).
    func provinceOfRequest(_ id: UUID) async throws -> String? {
        try await pool.query("SELECT province_code FROM intake.requests WHERE id = \(id)").first?.decode(String.self, column: "province_code")
    }

    /// Proposals `client` may see, newest first: a provider its own, an enterprise those of its
    /// requests, an officer scoped to a region those of its region's requests, officers and operators all.
    /// Proposals visible to `client`, newest first, `limit + 1` rows from the query's cursor, each
    /// with its position (`created_at` as PostgreSQL writes it) for the next page's cursor.
    func proposals(visibleTo client: APIClient, status: ProposalStatus?, request: UUID?,
                   query: ListQuery) async throws -> [(position: String, view: ProposalView)] {
        let scope = client.scopedProvinceCodes
        return try await pool.query("""
            SELECT \(sql: ProposalView.columns), created_at::text AS position FROM intake.proposals
            WHERE (\(client.providerID)::uuid IS NULL OR provider_id = \(client.providerID))
              AND (\(scope)::text[] IS NULL OR request_id IN (
                    SELECT r.id FROM intake.requests r WHERE r.province_code = ANY(\(scope))))
              AND (\(client.enterpriseID)::uuid IS NULL OR enterprise_id = \(client.enterpriseID))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(request)::uuid IS NULL OR request_id = \(request))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (created_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """).map { (position: try $0.decode(String.self, column: "position"), view: try ProposalView(row: $0)) }
    }

    func budgets(fiscalYear: Int) async throws -> [BudgetView] {
        let refusals = try await pool.query("""
            SELECT region, requested_baht, minimum_baht, reason, refused_at FROM intake.budget_refusals
            WHERE fiscal_year = \(fiscalYear)
            """)
        var refused: [String: BudgetView.Refusal] = [:]
        for row in refusals {
            refused[try row.decode(String.self, column: "region")] = BudgetView.Refusal(
                requestedBaht: try row.decode(Int.self, column: "requested_baht"),
                minimumBaht: try row.decode(Int.self, column: "minimum_baht"),
                reason: try row.decode(String.self, column: "reason"), refusedAt: try row.decode(Date.self, column: "refused_at"))
        }
        var views = try await pool.query("""
            SELECT \(sql: BudgetView.columns) FROM intake.budgets WHERE fiscal_year = \(fiscalYear) ORDER BY region
            """).map(BudgetView.init(row:))
        for index in views.indices { views[index].lastRefusal = refused[views[index].region.rawValue] }
        return views
    }

    /// One region's budget of a fiscal year and its version (the `ETag`; it moves on when the
    /// allocated amount changes), `nil` when matching has published none yet.
    func budget(fiscalYear: Int, region: Region) async throws -> (view: BudgetView, version: EntityVersion)? {
        guard let row = try await pool.query("""
            SELECT \(sql: BudgetView.columns), version FROM intake.budgets WHERE fiscal_year = \(fiscalYear) AND region = \(region.rawValue)
            """).first else { return nil }
        var view = try BudgetView(row: row)
        view.lastRefusal = try await budgets(fiscalYear: fiscalYear).first { $0.region == region }?.lastRefusal
        return (view, EntityVersion(number: try row.decode(Int.self, column: "version")))
    }

    func round(_ id: UUID) async throws -> RoundView? {
        try await pool.query("SELECT \(sql: RoundView.columns) FROM intake.rounds WHERE id = \(id)").first.map(RoundView.init(row:))
    }
}

/// A proposal as the API shows it.
struct ProposalView: Codable, Sendable {
    var id: UUID
    var requestId: UUID
    var requestReference: String
    var providerId: UUID
    var enterpriseId: UUID
    var status: ProposalStatus
    /// The status as providers, enterprises and officers read it in Thai.
    var statusNameTH: String
    /// The status in English, for an English interface.
    var statusNameEN: String
    var rank: Int
    var score: MatchScore
    var respondBy: Date
    var roundId: UUID?
    var reason: String?
    var createdAt: Date
    var updatedAt: Date

    static let columns: StaticString = """
        id, request_id, reference, provider_id, enterprise_id, status, rank, score, respond_by, round_id, reason, created_at, updated_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        requestId = try row.decode(UUID.self, column: "request_id")
        requestReference = try row.decode(String.self, column: "reference")
        providerId = try row.decode(UUID.self, column: "provider_id")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        status = try row.decode(ProposalStatus.self, column: "status")
        statusNameTH = status.nameTH
        statusNameEN = status.nameEN
        rank = try row.decode(Int.self, column: "rank")
        score = try row.decodeJSON(MatchScore.self, column: "score")
        respondBy = try row.decode(Date.self, column: "respond_by")
        roundId = try row.decode(UUID?.self, column: "round_id")
        reason = try row.decode(String?.self, column: "reason")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
    }
}

/// A region's coupon budget for a fiscal year as the API shows it.
struct BudgetView: Codable, Sendable {
    struct Refusal: Codable, Sendable {
        var requestedBaht: Int
        var minimumBaht: Int
        var reason: String
        var refusedAt: Date
    }

    var fiscalYear: Int
    var region: Region
    var allocatedBaht: Int
    var heldBaht: Int
    var committedBaht: Int
    var spentBaht: Int
    var releasedBaht: Int
    var availableBaht: Int
    var lastChange: String
    var updatedAt: Date
    var lastRefusal: Refusal?

    static let columns: StaticString = """
        fiscal_year, region, allocated_baht, held_baht, committed_baht, spent_baht, released_baht, available_baht, last_change, updated_at
        """

    init(row: PostgresRow) throws {
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        region = try row.decode(Region.self, column: "region")
        allocatedBaht = try row.decode(Int.self, column: "allocated_baht")
        heldBaht = try row.decode(Int.self, column: "held_baht")
        committedBaht = try row.decode(Int.self, column: "committed_baht")
        spentBaht = try row.decode(Int.self, column: "spent_baht")
        releasedBaht = try row.decode(Int.self, column: "released_baht")
        availableBaht = try row.decode(Int.self, column: "available_baht")
        lastChange = try row.decode(String.self, column: "last_change")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        lastRefusal = nil
    }
}

/// An allocation round as the API shows it: requested, then completed with matching's figures.
struct RoundView: Codable, Sendable {
    var id: UUID
    var fiscalYear: Int
    var region: Region?
    /// The lottery seed (a UInt64, as text so JavaScript clients keep every digit); set once completed
    /// when the officer gave none.
    var seed: String?
    var status: String
    var requestedAt: Date
    var completedAt: Date?
    var requests: Int?
    var proposed: Int?
    var waitlisted: Int?
    var waitlistedByReason: [String: Int]?
    var objective: Int?
    var solverMilliseconds: Double?

    static let columns: StaticString = """
        id, fiscal_year, region, seed::text AS seed, requested_at, completed_at, requests, proposed, waitlisted,
        waitlisted_by_reason, objective, solver_ms
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        region = try row.decode(Region?.self, column: "region")
        seed = try row.decode(String?.self, column: "seed")
        requestedAt = try row.decode(Date.self, column: "requested_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        status = completedAt == nil ? "requested" : "completed"
        requests = try row.decode(Int?.self, column: "requests")
        proposed = try row.decode(Int?.self, column: "proposed")
        waitlisted = try row.decode(Int?.self, column: "waitlisted")
        waitlistedByReason = try row.decode(PostgresJSON?.self, column: "waitlisted_by_reason")
            .map { try $0.decode([String: Int].self) }
        objective = try row.decode(Int?.self, column: "objective")
        solverMilliseconds = try row.decode(Double?.self, column: "solver_ms")
    }
}
