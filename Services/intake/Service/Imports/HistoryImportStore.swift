import Domain
import Foundation
import Postgres

/// Imports a historical file into `intake.historical_coupons`: each coupon is compared with the
/// stored one of the same natural key (``HistoricalCoupon/naturalKey``) and created, updated or left
/// unchanged, so importing the same file again changes nothing. History is kept apart from the
/// live records: no event is published (it is no part of any journey) and no enterprise or request
/// is created; the reports count it with the source `imported`. One transaction for the whole
/// file, under the import lock of its kind, in a few statements whatever its size.
struct HistoryImportStore: Sendable {
    let pool: PostgresPool

    /// Imports (or, with `dryRun`, only compares) the file's valid coupons.
    func run(_ reading: FileReading<HistoricalCoupon>, dryRun: Bool, now: Date) async throws -> ImportResult {
        let keys = reading.candidates.map(\.naturalKey)
        if dryRun {
            let stored = try await pool.withConnection { connection in try await Self.stored(keys: keys, on: connection) }
            return ImportResult(kind: .history, dryRun: true, reading: reading, changes: Self.decide(reading.candidates, stored: stored))
        }
        return try await pool.withTransaction { connection in
            try await ImportLock.take(.history, on: connection)
            let stored = try await Self.stored(keys: keys, on: connection)
            let changes = Self.decide(reading.candidates, stored: stored)
            let written = changes.filter { $0.outcome != .unchanged }.map(\.record)
            if !written.isEmpty {
                try await connection.execute("""
                    INSERT INTO intake.historical_coupons (
                        id, natural_key, fiscal_year, quarter, project_code, registration_number, establishment_key,
                        establishment_name, enterprise_kind, province_code, product_name, product_type, service_areas, standard,
                        coupon_baht, provider_name, completed, certificate_obtained, imported_at, updated_at)
                    SELECT x.id, x.natural_key, x.fiscal_year, x.quarter, x.project_code, x.registration_number, x.establishment_key,
                           x.establishment_name, x.enterprise_kind, x.province_code, x.product_name, x.product_type, x.service_areas,
                           x.standard, x.coupon_baht, x.provider_name, x.completed, x.certificate_obtained, \(now), \(now)
                    FROM jsonb_to_recordset(\(try PostgresJSON(written))) AS x(
                        id uuid, natural_key text, fiscal_year int, quarter int, project_code text, registration_number text,
                        establishment_key text, establishment_name text, enterprise_kind text, province_code text, product_name text,
                        product_type text, service_areas text[], standard text, coupon_baht bigint, provider_name text,
                        completed boolean, certificate_obtained boolean)
                    ON CONFLICT (natural_key) DO UPDATE SET
                        fiscal_year = EXCLUDED.fiscal_year, quarter = EXCLUDED.quarter, project_code = EXCLUDED.project_code,
                        registration_number = EXCLUDED.registration_number, establishment_key = EXCLUDED.establishment_key,
                        establishment_name = EXCLUDED.establishment_name, enterprise_kind = EXCLUDED.enterprise_kind,
                        province_code = EXCLUDED.province_code, product_name = EXCLUDED.product_name,
                        product_type = EXCLUDED.product_type, service_areas = EXCLUDED.service_areas, standard = EXCLUDED.standard,
                        coupon_baht = EXCLUDED.coupon_baht, provider_name = EXCLUDED.provider_name, completed = EXCLUDED.completed,
                        certificate_obtained = EXCLUDED.certificate_obtained, updated_at = EXCLUDED.updated_at
                    """)
            }
            return ImportResult(kind: .history, dryRun: false, reading: reading, changes: changes)
        }
    }

    private static func decide(_ coupons: [HistoricalCoupon], stored: [String: HistoryRecord]) -> [HistoryChange] {
        coupons.map { coupon in
            guard let earlier = stored[coupon.naturalKey] else {
                return HistoryChange(candidate: coupon, record: HistoryRecord(coupon, id: UUID()), outcome: .created)
            }
            let record = HistoryRecord(coupon, id: earlier.id)
            return HistoryChange(candidate: coupon, record: record,
                                 outcome: record == earlier ? .unchanged : .updated(details: true, contacts: false))
        }
    }

    /// The stored coupons of `keys`, by natural key.
    private static func stored(keys: [String], on connection: PostgresConnection) async throws -> [String: HistoryRecord] {
        guard !keys.isEmpty else { return [:] }
        var records: [String: HistoryRecord] = [:]
        for row in try await connection.query("""
            SELECT id, natural_key, fiscal_year, quarter, project_code, registration_number, establishment_key, establishment_name,
                   enterprise_kind, province_code, product_name, product_type, service_areas, standard, coupon_baht, provider_name,
                   completed, certificate_obtained
            FROM intake.historical_coupons WHERE natural_key = ANY(\(keys))
            """) {
            let record = try HistoryRecord(row: row)
            records[record.naturalKey] = record
        }
        return records
    }
}

/// What an import does to one historical coupon.
struct HistoryChange: PartyImportChange {
    let candidate: HistoricalCoupon
    let record: HistoryRecord
    let outcome: PartyImportOutcome

    var id: UUID { record.id }
    var partyName: String { candidate.name }
}

/// A row of `intake.historical_coupons` as written and read back (a `jsonb_to_recordset` record;
/// equal records mean nothing to change), its JSON names the table's columns.
struct HistoryRecord: Codable, Sendable, Equatable {
    let id: UUID
    let naturalKey: String
    let fiscalYear: Int
    let quarter: Int?
    let projectCode: String?
    let registrationNumber: String?
    let establishmentKey: String
    let establishmentName: String
    let enterpriseKind: EnterpriseKind?
    let provinceCode: String
    let productName: String?
    let productType: ProductType
    let serviceAreas: [ServiceArea]
    let standard: StandardCode?
    let couponBaht: Int
    let providerName: String?
    let completed: Bool?
    let certificateObtained: Bool?

    enum CodingKeys: String, CodingKey {
        case id, quarter, standard, completed
        case naturalKey = "natural_key", fiscalYear = "fiscal_year", projectCode = "project_code"
        case registrationNumber = "registration_number", establishmentKey = "establishment_key"
        case establishmentName = "establishment_name", enterpriseKind = "enterprise_kind", provinceCode = "province_code"
        case productName = "product_name", productType = "product_type", serviceAreas = "service_areas", couponBaht = "coupon_baht"
        case providerName = "provider_name", certificateObtained = "certificate_obtained"
    }

    init(_ coupon: HistoricalCoupon, id: UUID) {
        self.id = id
        naturalKey = coupon.naturalKey
        fiscalYear = coupon.fiscalYear
        quarter = coupon.quarter
        projectCode = coupon.projectCode
        registrationNumber = coupon.registrationNumber
        establishmentKey = coupon.establishmentKey
        establishmentName = coupon.name
        enterpriseKind = coupon.kind
        provinceCode = coupon.provinceCode
        productName = coupon.productName
        productType = coupon.productType
        serviceAreas = coupon.serviceAreas
        standard = coupon.standard
        couponBaht = coupon.couponBaht
        providerName = coupon.providerName
        completed = coupon.completed
        certificateObtained = coupon.certificateObtained
    }

    /// A stored row (an unknown kind, type, area or standard is an error naming the column).
    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        naturalKey = try row.decode(String.self, column: "natural_key")
        fiscalYear = try row.decode(Int.self, column: "fiscal_year")
        quarter = try row.decode(Int?.self, column: "quarter")
        projectCode = try row.decode(String?.self, column: "project_code")
        registrationNumber = try row.decode(String?.self, column: "registration_number")
        establishmentKey = try row.decode(String.self, column: "establishment_key")
        establishmentName = try row.decode(String.self, column: "establishment_name")
        enterpriseKind = try row.decode(EnterpriseKind?.self, column: "enterprise_kind")
        provinceCode = try row.decode(String.self, column: "province_code")
        productName = try row.decode(String?.self, column: "product_name")
        productType = try row.decode(ProductType.self, column: "product_type")
        serviceAreas = try row.decode([ServiceArea].self, column: "service_areas")
        standard = try row.decode(StandardCode?.self, column: "standard")
        couponBaht = try row.decode(Int.self, column: "coupon_baht")
        providerName = try row.decode(String?.self, column: "provider_name")
        completed = try row.decode(Bool?.self, column: "completed")
        certificateObtained = try row.decode(Bool?.self, column: "certificate_obtained")
    }
}
