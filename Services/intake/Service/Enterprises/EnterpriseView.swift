import Contracts
import Domain
import Foundation

/// An enterprise as the API shows it (`GET`, and the answer of `POST` and `PATCH`).
struct EnterpriseView: Codable, Sendable {
    var id: UUID
    var name: String
    var kind: String
    /// Masked (last 4 digits) for roles that do not need it.
    var registrationNumber: String?
    var provinceCode: String
    var region: String
    var district: String
    var subdistrict: String?
    var registeredAt: Date
    var updatedAt: Date
    /// False while an enterprise that registered itself on the portal waits for an officer's screening.
    var verified: Bool
    var products: [ProductView]

    init(_ record: EnterpriseRecord, for client: APIClient) {
        id = record.id
        name = record.name
        kind = record.kind.rawValue
        registrationNumber = record.registrationNumber.map {
            client.seesPersonalData(of: record.id) ? $0 : Masking.registrationNumber($0)
        }
        provinceCode = record.provinceCode
        region = Province.withCode(record.provinceCode)?.region.rawValue ?? ""
        district = record.district
        subdistrict = record.subdistrict
        registeredAt = record.createdAt
        updatedAt = record.updatedAt
        verified = record.verified
        products = record.products.map(ProductView.init)
    }
}
