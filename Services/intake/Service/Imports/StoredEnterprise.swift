import Contracts
import Domain
import Foundation
import Postgres

/// An enterprise as intake stores it, with its products and contact persons: what an import
/// compares a file's enterprise with. Decoded from its rows in one place; a value the code does
/// not know (a kind, a product type) is a decoding error, never a default.
struct StoredEnterprise: Sendable {
    let id: UUID
    let registrationNumber: String
    var name: String
    var kind: EnterpriseKind
    var provinceCode: String
    var district: String
    var subdistrict: String?
    var products: [ProductSummary]
    /// `nil` when the enterprise has no contacts row (never given, or erased).
    var contacts: [ContactPerson]?

    /// The stored enterprises with these registration numbers, by number: three reads in one
    /// round trip.
    static func read(registrationNumbers: [String], on connection: PostgresConnection) async throws -> [String: StoredEnterprise] {
        guard !registrationNumbers.isEmpty else { return [:] }
        let results = try await connection.pipeline([
            """
            SELECT id, registration_number, name, kind, province_code, district, subdistrict
            FROM intake.enterprises WHERE registration_number = ANY(\(registrationNumbers))
            """,
            """
            SELECT p.id, p.enterprise_id, p.name, p.product_type, p.food_subgroup, p.opc_stars, p.opc_year, p.quadrant
            FROM intake.products p JOIN intake.enterprises e ON e.id = p.enterprise_id
            WHERE e.registration_number = ANY(\(registrationNumbers))
            ORDER BY p.enterprise_id, p.name, p.id
            """,
            """
            SELECT c.party_id, c.contacts
            FROM intake.contacts c JOIN intake.enterprises e ON e.id = c.party_id
            WHERE e.registration_number = ANY(\(registrationNumbers))
            """,
        ])
        var products: [UUID: [ProductSummary]] = [:]
        for row in results[1].rows {
            products[try row.decode(UUID.self, column: "enterprise_id"), default: []].append(try product(row))
        }
        var contacts: [UUID: [ContactPerson]] = [:]
        for row in results[2].rows {
            contacts[try row.decode(UUID.self, column: "party_id")] = try row.decodeJSON([ContactPerson].self, column: "contacts")
        }
        var enterprises: [String: StoredEnterprise] = [:]
        for row in results[0].rows {
            let id = try row.decode(UUID.self, column: "id")
            let enterprise = StoredEnterprise(
                id: id, registrationNumber: try row.decode(String.self, column: "registration_number"),
                name: try row.decode(String.self, column: "name"), kind: try row.decode(EnterpriseKind.self, column: "kind"),
                provinceCode: try row.decode(String.self, column: "province_code"),
                district: try row.decode(String.self, column: "district"),
                subdistrict: try row.decode(String?.self, column: "subdistrict"),
                products: products[id] ?? [], contacts: contacts[id])
            enterprises[enterprise.registrationNumber] = enterprise
        }
        return enterprises
    }

    private static func product(_ row: PostgresRow) throws -> ProductSummary {
        ProductSummary(productId: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
                       productType: try row.decode(ProductType.self, column: "product_type"),
                       foodSubgroup: try row.decode(FoodSubgroup?.self, column: "food_subgroup"),
                       opcStars: try row.decode(Int?.self, column: "opc_stars"),
                       opcYear: try row.decode(Int?.self, column: "opc_year"),
                       quadrant: try row.decode(String?.self, column: "quadrant"))
    }
}
