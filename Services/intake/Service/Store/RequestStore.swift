import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Upgrade requests: stored with their `RequestSubmitted` event in one transaction, referenced as
/// `OTOP-<fiscal year>-<sequence>`, de-duplicated by `Idempotency-Key`, and read back with the
/// timeline other services' events built.
public struct RequestStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// What `submit` did.
    enum Submission {
        case created(RequestSubmitted)
        /// The same client sent the same body with the same key before: the earlier request.
        case replayed(UUID)
    }

    func submit(_ r: SubmitRequestBody.Valid, productName: String, productType: ProductType, provinceCode: String,
                client: APIClient, idempotency: (key: String, body: [UInt8])?, now: Date) async throws -> Submission {
        try await pool.withTransaction { connection in
            if let idempotency {
                // Serialise retries of the same key, then look for an earlier answer.
                try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(client.id.uuidString + idempotency.key)))")
                let earlier = try await connection.query("""
                    SELECT request_id, body_hash = sha256(\(idempotency.body)) AS same_body FROM intake.idempotency_keys
                    WHERE client_id = \(client.id) AND key = \(idempotency.key)
                    """)
                if let row = earlier.first {
                    guard try row.decode(Bool.self, column: "same_body") else {
                        throw Problem.conflict("Idempotency-Key '\(idempotency.key)' was already used with a different body")
                    }
                    return .replayed(try row.decode(UUID.self, column: "request_id"))
                }
            }
            let fiscalYear = FiscalYear.containing(now).buddhistYear
            let sequence = try await connection.query("""
                INSERT INTO intake.reference_counters (fiscal_year, last_value) VALUES (\(fiscalYear), 1)
                ON CONFLICT (fiscal_year) DO UPDATE SET last_value = intake.reference_counters.last_value + 1
                RETURNING last_value
                """).first!.decode(Int.self, column: "last_value")
            let id = UUID()
            let reference = String(format: "OTOP-%d-%06d", fiscalYear, sequence)
            let event = RequestSubmitted(
                requestId: id, reference: reference, enterpriseId: r.enterpriseID, productId: r.productID,
                productName: productName, productType: productType, serviceAreas: r.serviceAreas,
                targetStandard: r.targetStandard, description: r.description, provinceCode: provinceCode,
                fiscalYear: fiscalYear, submittedAt: now)
            try await connection.execute("""
                INSERT INTO intake.requests (id, reference, enterprise_id, product_id, product_name, product_type, service_areas,
                    target_standard, description, province_code, fiscal_year, status, submitted_by, submitted_at, updated_at)
                VALUES (\(id), \(reference), \(r.enterpriseID), \(r.productID), \(productName), \(productType.rawValue),
                    \(r.serviceAreas.map(\.rawValue)), \(r.targetStandard?.rawValue), \(r.description), \(provinceCode),
                    \(fiscalYear), \(RequestStatus.submitted.rawValue), \(client.id), \(now), \(now))
                """)
            if let idempotency {
                try await connection.execute("""
                    INSERT INTO intake.idempotency_keys (client_id, key, body_hash, request_id)
                    VALUES (\(client.id), \(idempotency.key), sha256(\(idempotency.body)), \(id))
                    """)
            }
            // The request's id correlates its whole journey; the trace is the HTTP request's.
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: id.uuidString.lowercased())
            let submitted = try await events.emit(event, time: now, on: connection)
            try await Self.appendTimeline(event: submitted.header, requestID: id, summary: ["reference": reference],
                                          on: connection)
            return .created(event)
        }
    }

    /// One request as its enterprise, an officer or an operator sees it; `nil` when missing or not
    /// visible to `client` (an enterprise sees its own requests only).
    func request(id: UUID, visibleTo client: APIClient) async throws -> RequestView? {
        let rows = try await pool.query("""
            SELECT id, reference, enterprise_id, product_id, product_name, product_type, service_areas, target_standard,
                   description, province_code, fiscal_year, status, submitted_at, updated_at
            FROM intake.requests
            WHERE id = \(id) AND (\(client.enterpriseID)::uuid IS NULL OR enterprise_id = \(client.enterpriseID))
            """)
        guard let row = rows.first else { return nil }
        var view = try RequestView(row: row)
        let timeline = try await pool.query("""
            SELECT event_id, event_type, source, occurred_at, summary::text AS summary
            FROM intake.request_timeline WHERE request_id = \(id) ORDER BY occurred_at, seq
            """)
        view.timeline = try timeline.map { t in
            RequestView.TimelineEntry(
                eventId: try t.decode(UUID.self, column: "event_id"), type: try t.decode(String.self, column: "event_type"),
                source: try t.decode(String.self, column: "source"), at: try t.decode(Date.self, column: "occurred_at"),
                summary: (try? JSONDecoder().decode([String: String].self, from: Data(try t.decode(String.self, column: "summary").utf8))) ?? [:])
        }
        return view
    }

    /// Requests visible to `client`, newest first.
    func list(visibleTo client: APIClient, status: String?, limit: Int, before: Date?) async throws -> [RequestView] {
        let rows = try await pool.query("""
            SELECT id, reference, enterprise_id, product_id, product_name, product_type, service_areas, target_standard,
                   description, province_code, fiscal_year, status, submitted_at, updated_at
            FROM intake.requests
            WHERE (\(client.enterpriseID)::uuid IS NULL OR enterprise_id = \(client.enterpriseID))
              AND (\(status)::text IS NULL OR status = \(status))
              AND (\(before)::timestamptz IS NULL OR submitted_at < \(before))
            ORDER BY submitted_at DESC
            LIMIT \(limit)
            """)
        return try rows.map(RequestView.init(row:))
    }

    /// Records an event in a request's timeline (idempotent by event id).
    static func appendTimeline(event: EventHeader, requestID: UUID, summary: [String: String],
                               on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.request_timeline (event_id, request_id, event_type, source, occurred_at, summary)
            VALUES (\(event.id), \(requestID), \(event.type), \(event.source), \(event.time), \(try PostgresJSON(summary)))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }
}

/// A request as the API shows it.
struct RequestView: Codable, Sendable {
    struct TimelineEntry: Codable, Sendable {
        var eventId: UUID
        var type: String
        var source: String
        var at: Date
        var summary: [String: String]
    }

    var id: UUID
    var reference: String
    var enterpriseId: UUID
    var productId: UUID?
    var productName: String
    var productType: String
    var serviceAreas: [String]
    var targetStandard: String?
    var description: String
    var provinceCode: String
    var fiscalYear: Int
    var status: String
    var submittedAt: Date
    var updatedAt: Date
    var timeline: [TimelineEntry]?

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        reference = try row.decode(String.self, column: "reference")
        enterpriseId = try row.decode(UUID.self, column: "enterprise_id")
        productId = try row.decode(UUID?.self, column: "product_id")
        productName = try row.decode(String.self, column: "product_name")
        productType = try row.decode(String.self, column: "product_type")
        serviceAreas = try row.decode([String].self, column: "service_areas")
        targetStandard = try row.decode(String?.self, column: "target_standard")
        description = try row.decode(String.self, column: "description")
        provinceCode = try row.decode(String.self, column: "province_code")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        status = try row.decode(String.self, column: "status")
        submittedAt = try row.decode(Date.self, column: "submitted_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        timeline = nil
    }
}
