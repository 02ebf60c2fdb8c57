import Contracts
import Domain
import Foundation
import Messaging
import Postgres

/// Imports an enterprises file: compares each enterprise with the stored one (by registration
/// number) and writes what changed, with the same events `POST /v1/enterprises` publishes
/// (`enterprise.registered`, `contact.upserted`) plus `enterprise.updated` for a changed one.
///
/// Everything is one transaction: the enterprises, products, contact persons and outbox rows of
/// the whole file commit together or not at all, so no enterprise is ever stored without its
/// products or its events. The rows go in a few statements whatever the file's size: one per
/// table and kind of change (the values as one `jsonb` parameter read with `jsonb_to_recordset`),
/// and the outbox rows a thousand per statement.
struct EnterpriseImportStore: Sendable {
    let pool: PostgresPool

    /// Imports (or, with `dryRun`, only compares) the file's valid enterprises.
    func run(_ reading: FileReading<EnterpriseCandidate>, dryRun: Bool, now: Date) async throws -> ImportResult {
        let numbers = reading.candidates.map(\.registrationNumber.digits)
        if dryRun {
            let stored = try await pool.withConnection { connection in
                try await StoredEnterprise.read(registrationNumbers: numbers, on: connection)
            }
            let (decided, changes) = Self.decide(reading, stored: stored)
            return ImportResult(kind: .enterprises, dryRun: true, reading: decided, changes: changes)
        }
        return try await pool.withTransaction { connection in
            // Imports of the same kind run one after another, so two of the same new enterprise cannot
            // both find it missing; the unique index on registration numbers guards against the API.
            try await ImportLock.take(.enterprises, on: connection)
            let stored = try await StoredEnterprise.read(registrationNumbers: numbers, on: connection)
            let (decided, changes) = Self.decide(reading, stored: stored)
            try await write(changes, now: now, on: connection)
            return ImportResult(kind: .enterprises, dryRun: false, reading: decided, changes: changes)
        }
    }

    private static func decide(_ reading: FileReading<EnterpriseCandidate>,
                               stored: [String: StoredEnterprise]) -> (FileReading<EnterpriseCandidate>, [EnterpriseChange]) {
        reading.deciding { EnterpriseChange.decide($0, stored: stored[$0.registrationNumber.digits], has: reading.layout.has) }
    }

    private func write(_ changes: [EnterpriseChange], now: Date, on connection: PostgresConnection) async throws {
        let created = changes.filter { $0.outcome == .created }
        let updated = changes.filter(\.writesDetails)
        let contacted = changes.filter(\.writesContacts)
        if !created.isEmpty {
            try await connection.execute("""
                INSERT INTO intake.enterprises (id, name, kind, registration_number, province_code, district, subdistrict,
                                                created_at, updated_at)
                SELECT x.id, x.name, x.kind, x.registration_number, x.province_code, x.district, x.subdistrict, \(now), \(now)
                FROM jsonb_to_recordset(\(try PostgresJSON(created.map(EnterpriseImportRow.init)))) AS x(
                    id uuid, name text, kind text, registration_number text, province_code text, district text, subdistrict text)
                """)
        }
        if !updated.isEmpty {
            try await connection.execute("""
                UPDATE intake.enterprises e SET name = x.name, kind = x.kind, province_code = x.province_code,
                    district = x.district, subdistrict = x.subdistrict
                FROM jsonb_to_recordset(\(try PostgresJSON(updated.map(EnterpriseImportRow.init)))) AS x(
                    id uuid, name text, kind text, registration_number text, province_code text, district text, subdistrict text)
                WHERE e.id = x.id
                """)
        }
        let newProducts = changes.flatMap { change in change.newProducts.map { ProductImportRow($0, enterprise: change.id) } }
        if !newProducts.isEmpty {
            try await connection.execute("""
                INSERT INTO intake.products (id, enterprise_id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant,
                                             created_at, updated_at)
                SELECT x.id, x.enterprise_id, x.name, x.product_type, x.food_subgroup, x.opc_stars, x.opc_year, x.quadrant,
                       \(now), \(now)
                FROM jsonb_to_recordset(\(try PostgresJSON(newProducts))) AS x(
                    id uuid, enterprise_id uuid, name text, product_type text, food_subgroup text, opc_stars int, opc_year int,
                    quadrant text)
                """)
        }
        let changedProducts = changes.flatMap { change in change.changedProducts.map { ProductImportRow($0, enterprise: change.id) } }
        if !changedProducts.isEmpty {
            try await connection.execute("""
                UPDATE intake.products p SET product_type = x.product_type, food_subgroup = x.food_subgroup,
                    opc_stars = x.opc_stars, opc_year = x.opc_year, quadrant = x.quadrant, version = p.version + 1, updated_at = \(now)
                FROM jsonb_to_recordset(\(try PostgresJSON(changedProducts))) AS x(
                    id uuid, enterprise_id uuid, name text, product_type text, food_subgroup text, opc_stars int, opc_year int,
                    quadrant text)
                WHERE p.id = x.id
                """)
        }
        // Every changed enterprise (details, products or contacts) gets a new version: its ETag moves on.
        let changed = changes.filter { if case .updated = $0.outcome { true } else { false } }.map(\.id)
        if !changed.isEmpty {
            try await connection.execute("""
                UPDATE intake.enterprises SET version = version + 1, updated_at = \(now) WHERE id = ANY(\(changed))
                """)
        }
        let contacts = contacted.map { ContactsUpserted(partyId: $0.id, partyKind: .enterprise, partyName: $0.name, contacts: $0.contacts) }
        try await ImportContacts.store(contacts, on: connection)

        let events = EventEmitter(service: .intake, schema: IntakeService.schema)
        try await events.emit(all: created.map { change in
            EnterpriseRegistered(enterpriseId: change.id, name: change.name, kind: change.kind, provinceCode: change.provinceCode,
                                 district: change.district, subdistrict: change.subdistrict, products: change.products,
                                 registeredAt: now)
        }, correlationID: { $0.aggregateID }, time: now, on: connection)
        try await events.emit(all: updated.map { change in
            EnterpriseUpdated(enterpriseId: change.id, name: change.name, kind: change.kind, provinceCode: change.provinceCode,
                              district: change.district, subdistrict: change.subdistrict, products: change.products, updatedAt: now)
        }, correlationID: { $0.aggregateID }, time: now, on: connection)
        try await events.emit(all: contacts, correlationID: { $0.aggregateID }, time: now, on: connection)
    }
}

/// An `intake.enterprises` row, as a `jsonb_to_recordset` record.
private struct EnterpriseImportRow: Encodable {
    let id: UUID
    let name: String
    let kind: String
    let registrationNumber: String
    let provinceCode: String
    let district: String
    let subdistrict: String?

    init(_ change: EnterpriseChange) {
        id = change.id
        name = change.name
        kind = change.kind.rawValue
        registrationNumber = change.candidate.registrationNumber.digits
        provinceCode = change.provinceCode
        district = change.district
        subdistrict = change.subdistrict
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, district, subdistrict
        case registrationNumber = "registration_number"
        case provinceCode = "province_code"
    }
}

/// An `intake.products` row, as a `jsonb_to_recordset` record.
private struct ProductImportRow: Encodable {
    let id: UUID
    let enterpriseID: UUID
    let name: String
    let productType: String
    let foodSubgroup: String?
    let opcStars: Int?
    let opcYear: Int?
    let quadrant: String?

    init(_ product: ProductSummary, enterprise: UUID) {
        id = product.productId
        enterpriseID = enterprise
        name = product.name
        productType = product.productType.rawValue
        foodSubgroup = product.foodSubgroup?.rawValue
        opcStars = product.opcStars
        opcYear = product.opcYear
        quadrant = product.quadrant
    }

    enum CodingKeys: String, CodingKey {
        case id, name, quadrant
        case enterpriseID = "enterprise_id"
        case productType = "product_type"
        case foodSubgroup = "food_subgroup"
        case opcStars = "opc_stars"
        case opcYear = "opc_year"
    }
}
