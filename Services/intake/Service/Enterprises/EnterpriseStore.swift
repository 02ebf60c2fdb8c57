import Contracts
import Domain
import Foundation
import HTTPTypes
import Logging
import Messaging
import Postgres

/// Enterprises and their products. Every change stores the enterprise and appends its snapshot
/// event (`EnterpriseRegistered`; a later one with the same id replaces the record) in one
/// transaction; contact persons travel on `otop.contacts` only, held certificates to certification.
public struct EnterpriseStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Registers an enterprise with its products, contacts and held certificates; `verified` is false
    /// for one that applied by itself (it waits in its region's screening queue).
    func register(_ e: RegisterEnterpriseBody.Valid, id: UUID, now: Date, client: APIClient,
                  verified: Bool = true) async throws -> EnterpriseRecord {
        let details = e.details
        let event = EnterpriseRegistered(enterpriseId: id, name: details.name, kind: details.kind,
                                         provinceCode: details.province.isoCode, district: details.district,
                                         subdistrict: details.subdistrict, products: e.products, registeredAt: now)
        let contacts = ContactsUpserted(partyId: id, partyKind: .enterprise, partyName: details.name, contacts: e.contacts)
        return try await Self.refusingDuplicateNumber { try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.enterprises (id, name, kind, registration_number, province_code, district, subdistrict,
                                                created_at, updated_at, verified)
                VALUES (\(id), \(details.name), \(details.kind.rawValue), \(details.registrationNumber),
                        \(details.province.isoCode), \(details.district), \(details.subdistrict), \(now), \(now), \(verified))
                """)
            for product in e.products {
                try await Self.insert(product, enterprise: id, now: now, on: connection)
            }
            try await ContactStore.store(contacts, on: connection)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: id.lowercased)
            try await events.emit(event, time: now, on: connection)
            try await events.emit(contacts, time: now, on: connection)
            // Certificates already held: published for the tracker (the certification store records them).
            for held in e.heldCertificates {
                let product = held.productName.flatMap { name in e.products.first { $0.name == name } }
                try await CertificationStore.publish(held.event(enterprise: id, productID: product?.productId, productName: held.productName,
                                                                province: details.province.isoCode, by: client, at: now),
                                                     by: client, at: now, on: connection)
            }
            guard let record = try await Self.enterprise(id: id, on: connection, lock: false) else {
                throw PostgresError(code: .decoding, message: "enterprise \(id) vanished in its own transaction", column: nil)
            }
            return record
        } }
    }

    private static func insert(_ product: ProductSummary, enterprise: UUID, now: Date, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.products (id, enterprise_id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant,
                                         created_at, updated_at)
            VALUES (\(product.productId), \(enterprise), \(product.name), \(product.productType.rawValue),
                    \(product.foodSubgroup?.rawValue), \(product.opcStars), \(product.opcYear), \(product.quadrant), \(now), \(now))
            """)
    }

    /// One enterprise with its products, or `nil`.
    func enterprise(id: UUID) async throws -> EnterpriseRecord? {
        try await pool.withConnection { connection in try await Self.enterprise(id: id, on: connection, lock: false) }
    }

    private static func enterprise(id: UUID, on connection: PostgresConnection, lock: Bool) async throws -> EnterpriseRecord? {
        let rows = lock
            ? try await connection.query("""
                SELECT id, name, kind, registration_number, province_code, district, subdistrict, created_at, updated_at, version,
                       verified, created_at::text AS position
                FROM intake.enterprises WHERE id = \(id) FOR UPDATE
                """)
            : try await connection.query("""
                SELECT id, name, kind, registration_number, province_code, district, subdistrict, created_at, updated_at, version,
                       verified, created_at::text AS position
                FROM intake.enterprises WHERE id = \(id)
                """)
        guard let row = rows.first else { return nil }
        let products = try await connection.query("""
            SELECT id, enterprise_id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant, version
            FROM intake.products WHERE enterprise_id = \(id) ORDER BY created_at, id
            """)
        return try EnterpriseRecord(row: row, products: try products.map(ProductRecord.init(row:)))
    }

    /// Enterprises newest first: only `only` when given (an enterprise client), only in `provinces`
    /// when given (a scoped officer), filtered as `query` says and matching `search` (the name
    /// contains it, or the registration number or a contact's phone equals it; each branch indexed);
    /// `limit + 1` rows.
    func list(_ query: ListQuery, only: UUID?, provinces: [String]?, search: SearchQuery? = nil,
              verified: Bool? = nil) async throws -> [EnterpriseRecord] {
        let regionProvinces = query.region.map(Province.codes(in:))
        let rows = try await pool.query("""
            SELECT id, name, kind, registration_number, province_code, district, subdistrict, created_at, updated_at, version,
                   verified, created_at::text AS position
            FROM intake.enterprises e
            WHERE (\(only)::uuid IS NULL OR id = \(only))
              AND (\(verified)::boolean IS NULL OR e.verified = \(verified))
              AND (\(provinces)::text[] IS NULL OR province_code = ANY(\(provinces)))
              AND (\(regionProvinces)::text[] IS NULL OR province_code = ANY(\(regionProvinces)))
              AND (\(query.province?.isoCode)::text IS NULL OR province_code = \(query.province?.isoCode))
              AND (\(query.productType?.rawValue)::text IS NULL OR EXISTS (
                    SELECT 1 FROM intake.products p WHERE p.enterprise_id = e.id AND p.product_type = \(query.productType?.rawValue)))
              AND (\(sql: SearchQuery.unlessSearching(search)) id IN (
                    SELECT s.id FROM intake.enterprises s WHERE intake.search_text(s.name) LIKE intake.search_text(\(search?.pattern))
                    UNION ALL
                    SELECT s.id FROM intake.enterprises s WHERE s.registration_number = \(search?.registrationNumber)
                    UNION ALL
                    SELECT c.party_id FROM intake.contacts c
                    WHERE intake.contact_phones(c.contacts) @> ARRAY[\(search?.phone)::text] AND c.party_kind = 'enterprise'))
              AND (\(query.cursor?.position)::timestamptz IS NULL
                   OR (created_at, id) < (\(query.cursor?.position)::timestamptz, \(query.cursor?.id)::uuid))
            ORDER BY created_at DESC, id DESC
            LIMIT \(query.limit + 1)
            """)
        let ids = try rows.map { try $0.decode(UUID.self, column: "id") }
        let products = try await pool.query("""
            SELECT id, enterprise_id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant, version
            FROM intake.products WHERE enterprise_id = ANY(\(ids)) ORDER BY created_at, id
            """)
        let byEnterprise = Dictionary(grouping: try products.map(ProductRecord.init(row:)), by: \.enterpriseID)
        return try rows.map { row in
            let id = try row.decode(UUID.self, column: "id")
            return try EnterpriseRecord(row: row, products: byEnterprise[id] ?? [])
        }
    }

    /// Changes an enterprise's details under its row lock: `change` sees the current record (to
    /// check scope and `If-Match` and apply the patch) and returns the new details. Publishes the
    /// new snapshot. `nil` when there is no such enterprise.
    func update(id: UUID, now: Date,
                _ change: (EnterpriseRecord) throws -> EnterpriseDetailsBody.Valid) async throws -> EnterpriseRecord? {
        try await Self.refusingDuplicateNumber { try await pool.withTransaction { connection in
            guard let current = try await Self.enterprise(id: id, on: connection, lock: true) else { return nil }
            let details = try change(current)
            try await connection.execute("""
                UPDATE intake.enterprises
                SET name = \(details.name), kind = \(details.kind.rawValue), registration_number = \(details.registrationNumber),
                    province_code = \(details.province.isoCode), district = \(details.district), subdistrict = \(details.subdistrict),
                    version = version + 1, updated_at = \(now)
                WHERE id = \(id)
                """)
            return try await Self.publish(id: id, now: now, on: connection)
        } }
    }

    /// Adds a product to an enterprise (its version moves on too). `nil` when there is no such enterprise.
    func addProduct(enterprise id: UUID, now: Date,
                    _ make: (EnterpriseRecord) throws -> ProductSummary) async throws -> (EnterpriseRecord, ProductRecord)? {
        try await pool.withTransaction { connection in
            guard let current = try await Self.enterprise(id: id, on: connection, lock: true) else { return nil }
            let product = try make(current)
            try await Self.insert(product, enterprise: id, now: now, on: connection)
            try await connection.execute("UPDATE intake.enterprises SET version = version + 1, updated_at = \(now) WHERE id = \(id)")
            let record = try await Self.publish(id: id, now: now, on: connection)
            guard let added = record.products.first(where: { $0.summary.productId == product.productId }) else {
                throw PostgresError(code: .decoding, message: "product \(product.productId) vanished in its own transaction", column: nil)
            }
            return (record, added)
        }
    }

    /// Changes a product under its enterprise's row lock. `nil` when there is no such product.
    func updateProduct(enterprise id: UUID, product productID: UUID, now: Date,
                       _ change: (EnterpriseRecord, ProductRecord) throws -> ProductSummary) async throws -> (EnterpriseRecord, ProductRecord)? {
        try await pool.withTransaction { connection in
            guard let current = try await Self.enterprise(id: id, on: connection, lock: true),
                  let product = current.products.first(where: { $0.summary.productId == productID }) else { return nil }
            let changed = try change(current, product)
            try await connection.execute("""
                UPDATE intake.products
                SET name = \(changed.name), product_type = \(changed.productType.rawValue), food_subgroup = \(changed.foodSubgroup?.rawValue),
                    opc_stars = \(changed.opcStars), opc_year = \(changed.opcYear), quadrant = \(changed.quadrant),
                    version = version + 1, updated_at = \(now)
                WHERE id = \(productID)
                """)
            try await connection.execute("UPDATE intake.enterprises SET version = version + 1, updated_at = \(now) WHERE id = \(id)")
            let record = try await Self.publish(id: id, now: now, on: connection)
            guard let updated = record.products.first(where: { $0.summary.productId == productID }) else {
                throw PostgresError(code: .decoding, message: "product \(productID) vanished in its own transaction", column: nil)
            }
            return (record, updated)
        }
    }

    /// Reads the enterprise back and appends its snapshot event.
    private static func publish(id: UUID, now: Date, on connection: PostgresConnection) async throws -> EnterpriseRecord {
        guard let record = try await enterprise(id: id, on: connection, lock: false) else {
            throw PostgresError(code: .decoding, message: "enterprise \(id) vanished in its own transaction", column: nil)
        }
        try await EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: id.lowercased)
            .emit(record.event, time: now, on: connection)
        return record
    }

    /// The product (when it belongs to the enterprise) as (name, type); `nil` when it does not.
    /// A stored product type this build does not know is an error, not a missing product.
    func product(id: UUID, enterpriseID: UUID) async throws -> (name: String, type: ProductType)? {
        let rows = try await pool.query("""
            SELECT name, product_type FROM intake.products WHERE id = \(id) AND enterprise_id = \(enterpriseID)
            """)
        guard let row = rows.first else { return nil }
        return (try row.decode(String.self, column: "name"), try row.decode(ProductType.self, column: "product_type"))
    }

    /// The enterprise's province, or `nil` when there is no such enterprise.
    func enterpriseProvince(id: UUID) async throws -> String? {
        try await province(of: id)
    }

    func province(of id: UUID) async throws -> String? {
        try await pool.query("SELECT province_code FROM intake.enterprises WHERE id = \(id)")
            .first?.decode(String.self, column: "province_code")
    }

    /// The unique index on enterprises' registration numbers (migration 0010).
    static let registrationNumberIndex = "enterprises_registration_number"

    /// Runs `body`, answering 409 naming `/registrationNumber` when it would store a registration
    /// number another enterprise has (the natural key bulk imports find enterprises by; migration 0010).
    private static func refusingDuplicateNumber<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresError where error.sqlState == .uniqueViolation
                                                 && error.constraint == Self.registrationNumberIndex {
            throw Problem(status: .conflict, type: "/problems/conflict", title: Messages.conflictTitle,
                          detail: Messages.registrationNumberTaken,
                          errors: [.init(field: "registrationNumber", detail: Messages.registrationNumberTaken)])
        }
    }
}
