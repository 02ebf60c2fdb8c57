import Contracts
import Domain
import Foundation

/// Commands and facts as the other services publish them.
enum Make {
    static let officer = Actor(role: .officer, clientId: UUID())

    static func enterprise(_ id: UUID = UUID(), province: String = "TH-50",
                           products: [ProductSummary] = []) -> EnterpriseRegistered {
        EnterpriseRegistered(enterpriseId: id, name: "วิสาหกิจชุมชนทดสอบ", kind: .communityEnterprise, provinceCode: province,
                             district: "แม่ริม", subdistrict: nil, products: products, registeredAt: Date())
    }

    static func request(enterprise: UUID, product: UUID? = nil, name: String = "น้ำพริกหนุ่มสมุนไพร",
                        standard: StandardCode? = .tcps, id: UUID = UUID()) -> RequestSubmitted {
        RequestSubmitted(requestId: id, reference: "OTOP-2570-000001", enterpriseId: enterprise, productId: product,
                         productName: name, productType: .food, serviceAreas: [.standardsSystem], targetStandard: standard,
                         description: "ยื่นขอ มผช.", provinceCode: "TH-50", fiscalYear: 2570, submittedAt: Date())
    }

    static func report(_ certificate: UUID?, enterprise: UUID, standard: StandardCode = .tcps, step: CertificationState,
                       number: String? = nil, validFrom: String? = nil, validUntil: String? = nil, reason: String? = nil,
                       product: UUID? = nil, productName: String? = nil, by actor: Actor = officer) -> CertificationStepReported {
        CertificationStepReported(reportId: UUID(), certificateId: certificate, enterpriseId: enterprise, productId: product,
                                  standard: standard, requestId: nil, step: step, number: number, validFrom: validFrom,
                                  validUntil: validUntil, reason: reason, reportedBy: actor, reportedAt: Date(),
                                  productName: productName, provinceCode: "TH-50")
    }

    static func held(enterprise: UUID, standard: StandardCode = .halal, product: UUID? = nil, productName: String? = "น้ำพริกหนุ่มสมุนไพร",
                     number: String = "ฮ.ล. 123/2569", validFrom: String, validUntil: String?) -> HeldCertificateRegistered {
        HeldCertificateRegistered(registrationId: UUID(), enterpriseId: enterprise, productId: product, standard: standard,
                                  number: number, validFrom: validFrom, validUntil: validUntil, registeredBy: officer,
                                  registeredAt: Date(), productName: productName, provinceCode: "TH-50")
    }
}
