import Contracts
import Domain
import Foundation
import HTTPTypes
import Logging
import Messaging
import Postgres

/// Enterprises, providers and their contact persons. Each registration stores the party and
/// appends its business event plus a contacts event (personal data on `otop.contacts` only) in one
/// transaction.
public struct PartyStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Registers an enterprise with its products and contacts, and the certificates it already
    /// holds (published for the tracker in the same transaction).
    func registerEnterprise(_ e: RegisterEnterpriseBody.Valid, id: UUID, now: Date, correlation: String?,
                            client: APIClient) async throws -> EnterpriseRegistered {
        let event = EnterpriseRegistered(enterpriseId: id, name: e.name, kind: e.kind, provinceCode: e.province.isoCode,
                                         district: e.district, subdistrict: e.subdistrict, products: e.products,
                                         registeredAt: now)
        let contacts = ContactsUpserted(partyId: id, partyKind: .enterprise, partyName: e.name, contacts: e.contacts)
        do {
            try await insertEnterprise(e, id: id, event: event, contacts: contacts, now: now, correlation: correlation, client: client)
        } catch let error as PostgresError where error.sqlState == "23505" {
            // The registration number is the enterprise's natural key (unique; bulk imports update by it).
            throw Problem(status: .conflict, type: "/problems/conflict", title: "Conflict",
                          detail: "an enterprise with this registration number is already registered",
                          errors: [.init(field: "registrationNumber", detail: "is already registered")])
        }
        return event
    }

    private func insertEnterprise(_ e: RegisterEnterpriseBody.Valid, id: UUID, event: EnterpriseRegistered,
                                  contacts: ContactsUpserted, now: Date, correlation: String?, client: APIClient) async throws {
        try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.enterprises (id, name, kind, registration_number, province_code, district, subdistrict, created_at)
                VALUES (\(id), \(e.name), \(e.kind.rawValue), \(e.registrationNumber?.digits), \(e.province.isoCode),
                        \(e.district), \(e.subdistrict), \(now))
                """)
            for p in e.products {
                try await connection.execute("""
                    INSERT INTO intake.products (id, enterprise_id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant)
                    VALUES (\(p.productId), \(id), \(p.name), \(p.productType.rawValue), \(p.foodSubgroup?.rawValue),
                            \(p.opcStars), \(p.opcYear), \(p.quadrant))
                    """)
            }
            try await storeContacts(contacts, on: connection)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: correlation)
            try await events.emit(event, time: now, on: connection)
            try await events.emit(contacts, time: now, on: connection)
            for held in e.heldCertificates {
                let product = held.productName.flatMap { name in e.products.first { $0.name == name } }
                try await CertificationStore.publish(held.event(enterprise: id, productID: product?.productId, productName: held.productName,
                                                                province: e.province.isoCode, by: client, at: now),
                                                     by: client, at: now, on: connection)
            }
        }
    }

    func registerProvider(_ p: RegisterProviderBody.Valid, now: Date, correlation: String?) async throws -> ProviderRegistered {
        let profile = p.profile
        let contacts = ContactsUpserted(partyId: profile.providerId, partyKind: .provider, partyName: profile.name,
                                        contacts: p.contacts)
        try await pool.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO intake.providers (id, name, kind, profile, capacity, qualified, created_at)
                VALUES (\(profile.providerId), \(profile.name), \(profile.kind.rawValue), \(try PostgresJSON(profile)),
                        \(profile.capacity), \(profile.qualified), \(now))
                """)
            try await storeContacts(contacts, on: connection)
            let events = EventEmitter(service: .intake, schema: IntakeService.schema, correlationID: correlation)
            try await events.emit(profile, time: now, on: connection)
            try await events.emit(contacts, time: now, on: connection)
        }
        return profile
    }

    private func storeContacts(_ contacts: ContactsUpserted, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            INSERT INTO intake.contacts (party_id, party_kind, contacts, updated_at)
            VALUES (\(contacts.partyId), \(contacts.partyKind.rawValue), \(try PostgresJSON(contacts.contacts)), now())
            ON CONFLICT (party_id) DO UPDATE SET contacts = EXCLUDED.contacts, updated_at = now()
            """)
    }

    /// Erases a party's contact persons (PDPA): deletes the row and publishes a tombstone on the
    /// compacted contacts topic so every copy is dropped. `false` when nothing was stored.
    public func eraseContacts(partyID: UUID) async throws -> Bool {
        try await pool.withTransaction { connection in
            let deleted = try await connection.execute("DELETE FROM intake.contacts WHERE party_id = \(partyID)")
            guard deleted == 1 else { return false }
            try await EventEmitter(service: .intake, schema: IntakeService.schema)
                .emitTombstone(.contacts, key: partyID.uuidString.lowercased(), on: connection)
            return true
        }
    }

    /// The enterprise's public record (no contacts, no registration number).
    func enterprise(id: UUID) async throws -> EnterpriseView? {
        let rows = try await pool.query("""
            SELECT id, name, kind, province_code, district, subdistrict, created_at FROM intake.enterprises WHERE id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let products = try await pool.query("""
            SELECT id, name, product_type, food_subgroup, opc_stars, opc_year, quadrant
            FROM intake.products WHERE enterprise_id = \(id) ORDER BY name
            """)
        return EnterpriseView(
            id: try row.decode(UUID.self, column: "id"), name: try row.decode(String.self, column: "name"),
            kind: try row.decode(String.self, column: "kind"), provinceCode: try row.decode(String.self, column: "province_code"),
            district: try row.decode(String.self, column: "district"), subdistrict: try row.decode(String?.self, column: "subdistrict"),
            registeredAt: try row.decode(Date.self, column: "created_at"),
            products: try products.map { p in
                EnterpriseView.Product(
                    id: try p.decode(UUID.self, column: "id"), name: try p.decode(String.self, column: "name"),
                    productType: try p.decode(String.self, column: "product_type"),
                    foodSubgroup: try p.decode(String?.self, column: "food_subgroup"),
                    opcStars: try p.decode(Int?.self, column: "opc_stars"), opcYear: try p.decode(Int?.self, column: "opc_year"),
                    quadrant: try p.decode(String?.self, column: "quadrant"))
            })
    }

    /// The product (when it belongs to the enterprise) as (name, type); `nil` when it does not.
    /// A stored product type this build does not know is an error, not a missing product.
    func product(id: UUID, enterpriseID: UUID) async throws -> (name: String, type: ProductType)? {
        let rows = try await pool.query("""
            SELECT name, product_type FROM intake.products WHERE id = \(id) AND enterprise_id = \(enterpriseID)
            """)
        guard let row = rows.first else { return nil }
        return (try row.decode(String.self, column: "name"), try row.decode(rawValue: ProductType.self, column: "product_type"))
    }

    /// The enterprise's province, or `nil` when there is no such enterprise.
    func enterpriseProvince(id: UUID) async throws -> String? {
        try await pool.query("SELECT province_code FROM intake.enterprises WHERE id = \(id)")
            .first?.decode(String.self, column: "province_code")
    }
}

/// An enterprise as the API shows it.
struct EnterpriseView: Codable, Sendable {
    struct Product: Codable, Sendable {
        var id: UUID
        var name: String
        var productType: String
        var foodSubgroup: String?
        var opcStars: Int?
        var opcYear: Int?
        var quadrant: String?
    }

    var id: UUID
    var name: String
    var kind: String
    var provinceCode: String
    var district: String
    var subdistrict: String?
    var registeredAt: Date
    var products: [Product]
}
