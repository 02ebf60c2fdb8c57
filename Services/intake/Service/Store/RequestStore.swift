import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Upgrade requests: stored with their `RequestSubmitted` event in one transaction, referenced as
/// `OTOP-<fiscal year>-<sequence>`, de-duplicated by `Idempotency-Key`, and read back with the
/// timeline other services' events built.
///
/// A submission is two round trips to PostgreSQL: one statement reads what the event needs (the
/// enterprise's province, the product, an earlier answer to the same key) and takes the reference
/// number; one pipeline writes the request, the key, the outbox row and the first timeline entry as
/// one implicit transaction. The relay is woken after the commit by the ``OutboxNotifier``, not by
/// a `NOTIFY` inside the transaction (which would make all submissions commit one at a time).
public struct RequestStore: Sendable {
    let pool: PostgresPool
    let notifier: OutboxNotifier

    public init(pool: PostgresPool, notifier: OutboxNotifier) {
        self.pool = pool
        self.notifier = notifier
    }

    /// What `submit` did.
    enum Submission {
        case created(RequestSubmitted)
        /// The same client sent the same body with the same key before: the earlier request.
        case replayed(UUID)
    }

    /// What the submission's first statement found.
    private enum Found {
        /// The key was used before: that request, and whether its body was the same.
        case earlier(request: UUID, sameBody: Bool)
        /// A new request: what its event needs from the database, and its reference number.
        case new(provinceCode: String, productName: String, productType: ProductType, number: Int64?)
    }

    /// Stores a valid request for `client`: 422 when the enterprise or its product is not registered,
    /// the earlier request for a repeated `Idempotency-Key` with the same body, 409 with another body.
    func submit(_ r: SubmitRequestBody.Valid, client: APIClient, idempotency: (key: String, body: [UInt8])?,
                now: Date) async throws -> Submission {
        let sequence = ReferenceSequence(fiscalYear: FiscalYear.containing(now))
        let found: Found
        do {
            found = try await read(r, client: client, idempotency: idempotency, sequence: sequence)
        } catch where ReferenceSequence.isMissing(error) {
            try await sequence.create(on: pool)
            found = try await read(r, client: client, idempotency: idempotency, sequence: sequence)
        }
        let provinceCode: String, productName: String, productType: ProductType, number: Int64
        switch found {
        case .earlier(let request, let sameBody):
            return try replay(request, sameBody: sameBody, key: idempotency!.key)
        case .new(let province, let name, let type, let taken?):
            (provinceCode, productName, productType, number) = (province, name, type, taken)
        case .new(_, _, _, nil):
            throw PostgresError(code: .decoding, message: "no reference number was taken for a valid request", column: "number")
        }
        let id = UUID()
        let reference = sequence.reference(number: number)
        let event = RequestSubmitted(
            requestId: id, reference: reference, enterpriseId: r.enterpriseID, productId: r.productID,
            productName: productName, productType: productType, serviceAreas: r.serviceAreas,
            targetStandard: r.targetStandard, description: r.description, provinceCode: provinceCode,
            fiscalYear: sequence.fiscalYear.buddhistYear, submittedAt: now)
        // The request's id correlates its whole journey; the trace is the HTTP request's.
        let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: id.uuidString.lowercased())
        let (cloudEvent, eventInsertion) = try events.insertion(event, time: now)
        var statements: [PostgresQuery] = ["""
            INSERT INTO intake.requests (id, reference, enterprise_id, product_id, product_name, product_type, service_areas,
                target_standard, description, province_code, fiscal_year, status, submitted_by, submitted_at, updated_at)
            VALUES (\(id), \(reference), \(r.enterpriseID), \(r.productID), \(productName), \(productType.rawValue),
                \(r.serviceAreas.map(\.rawValue)), \(r.targetStandard?.rawValue), \(r.description), \(provinceCode),
                \(sequence.fiscalYear.buddhistYear), \(RequestStatus.submitted.rawValue), \(client.id), \(now), \(now))
            """]
        if let idempotency {
            statements.append("""
                INSERT INTO intake.idempotency_keys (client_id, key, body_hash, request_id)
                VALUES (\(client.id), \(idempotency.key), sha256(\(idempotency.body)), \(id))
                """)
        }
        statements.append(eventInsertion)
        statements.append(try Self.timelineInsertion(event: cloudEvent.header, requestID: id, summary: ["reference": reference]))
        do {
            _ = try await pool.pipeline(statements)
        } catch let error as PostgresError where error.sqlState == "23505" && idempotency != nil {
            // A retry with the same key committed between our read and our write: answer as it did.
            guard case .earlier(let request, let sameBody) = try await read(r, client: client, idempotency: idempotency,
                                                                            sequence: nil) else { throw error }
            return try replay(request, sameBody: sameBody, key: idempotency!.key)
        }
        notifier.signal()
        return .created(event)
    }

    /// One statement: whether the client is still active (not revoked), the enterprise's province,
    /// the product's name and type, an earlier answer to the idempotency key, and (with `sequence`,
    /// only when the request can be stored) the next reference number. Throws the 401 for a revoked
    /// client and the 422 for a missing enterprise or product.
    private func read(_ r: SubmitRequestBody.Valid, client: APIClient, idempotency: (key: String, body: [UInt8])?,
                      sequence: ReferenceSequence?) async throws -> Found {
        let rows = try await pool.query("""
            SELECT c.id IS NOT NULL AS client_active, e.province_code, p.name AS product_name, p.product_type,
                   k.request_id AS earlier_request, k.body_hash = sha256(\(idempotency?.body)) AS same_body,
                   CASE WHEN c.id IS NOT NULL AND e.id IS NOT NULL AND (\(r.productID)::uuid IS NULL OR p.id IS NOT NULL)
                             AND k.request_id IS NULL
                             AND \(sequence?.qualifiedName)::text IS NOT NULL
                        THEN nextval(\(sequence?.qualifiedName)::regclass) END AS number
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN intake.api_clients c ON c.id = \(client.id) AND c.revoked_at IS NULL
            LEFT JOIN intake.enterprises e ON e.id = \(r.enterpriseID)
            LEFT JOIN intake.products p ON p.id = \(r.productID) AND p.enterprise_id = \(r.enterpriseID)
            LEFT JOIN intake.idempotency_keys k ON k.client_id = \(client.id) AND k.key = \(idempotency?.key)
            """)
        let row = rows[0]
        // The client may come from the authentication cache: this is its revocation check.
        guard try row.decode(Bool.self, column: "client_active") else {
            throw Problem.unauthenticated("the token is unknown or revoked")
        }
        if let request = try row.decode(UUID?.self, column: "earlier_request") {
            return .earlier(request: request, sameBody: try row.decode(Bool.self, column: "same_body"))
        }
        guard let province = try row.decode(String?.self, column: "province_code") else {
            throw Problem.validation([.init(field: "enterpriseId", detail: "no enterprise \(r.enterpriseID.uuidString.lowercased()) is registered")])
        }
        var name = r.productName, type = r.productType
        if let productID = r.productID {
            guard let stored = try row.decode(String?.self, column: "product_name") else {
                throw Problem.validation([.init(field: "productId", detail: "the enterprise has no product \(productID.uuidString.lowercased())")])
            }
            let storedType = try row.decode(String.self, column: "product_type")
            guard let known = ProductType(rawValue: storedType) else {
                throw PostgresError(code: .decoding, message: "unknown product type '\(storedType)'", column: "product_type")
            }
            name = name ?? stored
            type = type ?? known
        }
        return .new(provinceCode: province, productName: name!, productType: type!,
                    number: try row.decode(Int64?.self, column: "number"))
    }

    private func replay(_ request: UUID, sameBody: Bool, key: String) throws -> Submission {
        guard sameBody else {
            throw Problem.conflict("Idempotency-Key '\(key)' was already used with a different body")
        }
        return .replayed(request)
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
        try await connection.execute(try timelineInsertion(event: event, requestID: requestID, summary: summary))
    }

    /// The statement that records an event in a request's timeline (idempotent by event id).
    static func timelineInsertion(event: EventHeader, requestID: UUID, summary: [String: String]) throws -> PostgresQuery {
        let summary = try PostgresJSON(summary)
        return """
        INSERT INTO intake.request_timeline (event_id, request_id, event_type, source, occurred_at, summary)
        VALUES (\(event.id), \(requestID), \(event.type), \(event.source), \(event.time), \(summary))
        ON CONFLICT (event_id) DO NOTHING
        """
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
