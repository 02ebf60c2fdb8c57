import Contracts
import Domain
import Foundation
import Postgres

/// An enterprise as stored: its details, products, version and times; decoded in one place.
struct EnterpriseRecord: Sendable {
    var id: UUID
    var name: String
    var kind: EnterpriseKind
    var registrationNumber: String?
    var provinceCode: String
    var district: String
    var subdistrict: String?
    var createdAt: Date
    var updatedAt: Date
    var version: EntityVersion
    /// False while an enterprise that registered itself waits for an officer's screening.
    var verified: Bool
    /// `created_at` as PostgreSQL writes it, for paging.
    var position: String
    var products: [ProductRecord]

    init(row: PostgresRow, products: [ProductRecord]) throws {
        id = try row.decode(UUID.self, column: "id")
        name = try row.decode(String.self, column: "name")
        kind = try row.decode(EnterpriseKind.self, column: "kind")
        registrationNumber = try row.decode(String?.self, column: "registration_number")
        provinceCode = try row.decode(String.self, column: "province_code")
        district = try row.decode(String.self, column: "district")
        subdistrict = try row.decode(String?.self, column: "subdistrict")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        version = EntityVersion(number: try row.decode(Int.self, column: "version"))
        verified = try row.decode(Bool.self, column: "verified")
        position = try row.decode(String.self, column: "position")
        self.products = products
    }

    /// The details as a body a merge patch applies to.
    var details: EnterpriseDetailsBody {
        EnterpriseDetailsBody(name: name, kind: kind.rawValue, registrationNumber: registrationNumber, provinceCode: provinceCode,
                              district: district, subdistrict: subdistrict)
    }

    /// The snapshot event (a later one with the same id replaces the record for consumers).
    var event: EnterpriseRegistered {
        EnterpriseRegistered(enterpriseId: id, name: name, kind: kind, provinceCode: provinceCode, district: district,
                             subdistrict: subdistrict, products: products.map(\.summary), registeredAt: createdAt)
    }
}

/// A product as stored.
struct ProductRecord: Sendable {
    var summary: ProductSummary
    var enterpriseID: UUID
    var version: EntityVersion

    init(row: PostgresRow) throws {
        summary = ProductSummary(
            productId: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
            productType: try row.decode(ProductType.self, column: "product_type"),
            foodSubgroup: try row.decode(FoodSubgroup?.self, column: "food_subgroup"),
            opcStars: try row.decode(Int?.self, column: "opc_stars"), opcYear: try row.decode(Int?.self, column: "opc_year"),
            quadrant: try row.decode(String?.self, column: "quadrant"))
        enterpriseID = try row.decode(UUID.self, column: "enterprise_id")
        version = EntityVersion(number: try row.decode(Int.self, column: "version"))
    }
}
