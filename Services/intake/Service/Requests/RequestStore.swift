import Contracts
import Domain
import Foundation
import Logging
import Messaging
import Postgres

/// Upgrade requests: stored with their `RequestSubmitted` event in one transaction, referenced as
/// `OTOP-<fiscal year>-<sequence>`, and read back with the timeline other services' events built
/// (a repeated `Idempotency-Key` is answered by ``IdempotencyMiddleware`` before this store runs).
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

    /// What the submission's first statement found: what the event needs from the database, and
    /// the reference number.
    private struct Found {
        var provinceCode: String
        var productName: String
        var productType: ProductType
        var number: Int64
    }

    /// Stores a valid request for `client`: 404 when the enterprise or its product is not registered,
    /// 403 when the enterprise is outside a scoped officer's region.
    func submit(_ r: SubmitRequestBody.Valid, client: APIClient, now: Date) async throws -> RequestSubmitted {
        let sequence = ReferenceSequence(fiscalYear: FiscalYear.containing(now))
        let found: Found
        do {
            found = try await read(r, client: client, sequence: sequence)
        } catch where ReferenceSequence.isMissing(error) {
            try await sequence.create(on: pool)
            found = try await read(r, client: client, sequence: sequence)
        }
        let id = UUID()
        let reference = sequence.reference(number: found.number)
        let event = RequestSubmitted(
            requestId: id, reference: reference, enterpriseId: r.enterpriseID, productId: r.productID,
            productName: found.productName, productType: found.productType, serviceAreas: r.serviceAreas,
            targetStandard: r.targetStandard, description: r.description, provinceCode: found.provinceCode,
            fiscalYear: sequence.fiscalYear.buddhistYear, submittedAt: now)
        // The request's id correlates its whole journey; the trace is the HTTP request's.
        let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: id.lowercased)
        let (cloudEvent, eventInsertion) = try events.insertion(event, time: now)
        let statements: [PostgresQuery] = ["""
            INSERT INTO intake.requests (id, reference, enterprise_id, product_id, product_name, product_type, service_areas,
                target_standard, description, province_code, fiscal_year, status, submitted_by, submitted_at, updated_at,
                status_since, last_activity_at)
            VALUES (\(id), \(reference), \(r.enterpriseID), \(r.productID), \(found.productName), \(found.productType.rawValue),
                \(r.serviceAreas.map(\.rawValue)), \(r.targetStandard?.rawValue), \(r.description), \(found.provinceCode),
                \(sequence.fiscalYear.buddhistYear), \(RequestStatus.submitted.rawValue), \(client.id), \(now), \(now), \(now), \(now))
            """,
            eventInsertion,
            try RequestTimeline.insertion(event: cloudEvent.header, requestID: id, summary: ["reference": reference])]
        _ = try await pool.pipeline(statements)
        notifier.signal()
        return event
    }

    /// One statement: whether the client is still active (not revoked), the enterprise's province,
    /// the product's name and type, and (only when the request can be stored) the next reference
    /// number. Throws the 401 for a revoked client, the 404 for a missing enterprise or product, the
    /// 403 for an enterprise outside a scoped officer's region.
    private func read(_ r: SubmitRequestBody.Valid, client: APIClient, sequence: ReferenceSequence) async throws -> Found {
        let scope = client.scopedProvinceCodes
        let rows = try await pool.query("""
            SELECT c.id IS NOT NULL AS client_active, e.province_code, p.name AS product_name, p.product_type,
                   CASE WHEN c.id IS NOT NULL AND e.id IS NOT NULL AND (\(r.productID)::uuid IS NULL OR p.id IS NOT NULL)
                             AND (\(scope)::text[] IS NULL OR e.province_code = ANY(\(scope)))
                        THEN nextval(\(sequence.qualifiedName)::regclass) END AS number
            FROM (VALUES (1)) AS one (x)
            LEFT JOIN intake.api_clients c ON c.id = \(client.id) AND c.revoked_at IS NULL
            LEFT JOIN intake.enterprises e ON e.id = \(r.enterpriseID)
            LEFT JOIN intake.products p ON p.id = \(r.productID) AND p.enterprise_id = \(r.enterpriseID)
            """)
        let row = rows[0]
        // The client may come from the authentication cache: this is its revocation check.
        guard try row.decode(Bool.self, column: "client_active") else {
            throw Problem.unauthenticated(Messages.unknownToken)
        }
        guard let province = try row.decode(String?.self, column: "province_code") else {
            throw Problem.unknownReference("enterpriseId", Messages.unknownEnterprise)
        }
        guard client.covers(provinceCode: province) else {
            throw Problem.forbidden(Messages.outsideRegion, field: "enterpriseId")
        }
        var name = r.productName, type = r.productType
        if r.productID != nil {
            guard let stored = try row.decode(String?.self, column: "product_name") else {
                throw Problem.unknownReference("productId", Messages.unknownProduct)
            }
            name = name ?? stored
            type = try type ?? row.decode(ProductType.self, column: "product_type")
        }
        guard let number = try row.decode(Int64?.self, column: "number") else {
            throw PostgresError(code: .decoding, message: "no reference number was taken for a valid request", column: "number")
        }
        return Found(provinceCode: province, productName: name!, productType: type!, number: number)
    }

    /// One request as its enterprise, an officer or an operator sees it; `nil` when missing or not
    /// visible to `client` (an enterprise sees its own requests only, a scoped officer its region's).
    /// With `timelineSince`, the timeline starts there (the assigned provider's view, ``HandOff``).
    func request(id: UUID, visibleTo client: APIClient, timelineSince: Date? = nil) async throws -> RequestView? {
        let scope = client.scopedProvinceCodes
        let rows = try await pool.query("""
            SELECT \(sql: RequestView.columns)
            FROM intake.requests r \(sql: RequestView.joins)
            WHERE r.id = \(id) AND (\(client.enterpriseID)::uuid IS NULL OR r.enterprise_id = \(client.enterpriseID))
              AND (\(scope)::text[] IS NULL OR r.province_code = ANY(\(scope)))
            """)
        guard let row = rows.first else { return nil }
        var view = try RequestView(row: row)
        let timeline = try await pool.query("""
            SELECT event_id, event_type, source, occurred_at, summary
            FROM intake.request_timeline
            WHERE request_id = \(id) AND (\(timelineSince)::timestamptz IS NULL OR occurred_at >= \(timelineSince))
            ORDER BY occurred_at, seq
            """)
        view.timeline = try timeline.map { entry in
            RequestView.TimelineEntry(
                eventId: try entry.decode(UUID.self, column: "event_id"), type: try entry.decode(String.self, column: "event_type"),
                source: try entry.decode(String.self, column: "source"), at: try entry.decode(Date.self, column: "occurred_at"),
                summary: try entry.decodeJSON([String: String].self, column: "summary"))
        }
        return view
    }

    /// Requests visible to `client`, newest first, `limit + 1` rows, filtered as `query` and `filters` say.
    func list(visibleTo client: APIClient, _ query: ListQuery, _ filters: RequestFilters) async throws -> [RequestView] {
        let scope = client.scopedProvinceCodes
        let regionProvinces = query.region.map(Province.codes(in:))
        let statuses = filters.statuses?.map(\.rawValue)
        let search = filters.search?.visible(to: client)
        let rows = try await pool.query("""
            SELECT \(sql: RequestView.columns)
            FROM intake.requests r \(sql: RequestView.joins)
            WHERE (\(client.enterpriseID)::uuid IS NULL OR r.enterprise_id = \(client.enterpriseID))
              AND (\(scope)::text[] IS NULL OR r.province_code = ANY(\(scope)))
              AND (\(statuses)::text[] IS NULL OR r.status = ANY(\(statuses)))
              AND (\(query.province?.isoCode)::text IS NULL OR r.province_code = \(query.province?.isoCode))
              AND (\(regionProvinces)::text[] IS NULL OR r.province_code = ANY(\(regionProvinces)))
              AND (\(query.productType?.rawValue)::text IS NULL OR r.product_type = \(query.productType?.rawValue))
              AND (\(query.fiscalYear)::int IS NULL OR r.fiscal_year = \(query.fiscalYear))
              AND (\(filters.statusBefore)::timestamptz IS NULL OR r.status_since < \(filters.statusBefore))
              AND (\(filters.activityBefore)::timestamptz IS NULL OR r.last_activity_at < \(filters.activityBefore))
              AND (\(filters.enterpriseID)::uuid IS NULL OR r.enterprise_id = \(filters.enterpriseID))
              AND (\(filters.providerID)::uuid IS NULL OR EXISTS (
                    SELECT 1 FROM intake.request_assignments a
                    WHERE a.request_id = r.id AND a.withdrawn_at IS NULL AND a.provider_id = \(filters.providerID)))
              AND (\(filters.roundID)::uuid IS NULL OR EXISTS (
                    SELECT 1 FROM intake.round_requests rr WHERE rr.request_id = r.id AND rr.round_id = \(filters.roundID)))
              AND (\(sql: SearchQuery.unlessSearching(search)) r.id IN (
                    SELECT s.id FROM intake.requests s WHERE s.reference = \(search?.reference)
                    UNION ALL
                    SELECT s.id FROM intake.requests s
                    WHERE intake.search_text(s.product_name) LIKE intake.search_text(\(search?.pattern))
                    UNION ALL
                    SELECT s.id FROM intake.requests s WHERE s.enterprise_id IN (
                        SELECT n.id FROM intake.enterprises n WHERE intake.search_text(n.name) LIKE intake.search_text(\(search?.pattern))
                        UNION ALL
                        SELECT n.id FROM intake.enterprises n WHERE n.registration_number = \(search?.registrationNumber)
                        UNION ALL
                        SELECT c.party_id FROM intake.contacts c
                        WHERE intake.contact_phones(c.contacts) @> ARRAY[\(search?.phone)::text] AND c.party_kind = 'enterprise')))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (r.submitted_at, r.id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY r.submitted_at DESC, r.id DESC
            LIMIT \(query.limit + 1)
            """)
        return try rows.map(RequestView.init(row:))
    }
}
