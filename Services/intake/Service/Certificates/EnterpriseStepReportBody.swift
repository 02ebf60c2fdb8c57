import Contracts
import Domain
import Foundation

/// `POST /v1/enterprises/{id}/certificate-steps`: a step report naming the standard (and, for a
/// standard that covers a product, the product) instead of the certificate. The standard is in the
/// body, not the path, so that the document can say what it implies, as for held certificates: a
/// product-scoped standard needs `productId` or `productName`, a standard that does not expire
/// takes no `validUntil`.
struct EnterpriseStepReportBody: Decodable {
    var standard: String?
    var report: StepReportBody

    struct Valid {
        var standard: StandardCode
        var report: StepReportBody.Valid
    }

    private enum CodingKeys: String, CodingKey {
        case standard
    }

    init(from decoder: any Decoder) throws {
        standard = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .standard)
        report = try StepReportBody(from: decoder)
    }

    /// Checks the report and what the standard implies for it (422 with every problem).
    func validated(catalogue: StandardCatalogue) throws(Problem) -> Valid {
        var v = Validation()
        let standard = v.oneOf(self.standard, "standard", as: StandardCode.self)
        let report = self.report.validated(&v)
        if let standard {
            v.standardImplies(standard, catalogue[standard], hasProduct: self.report.productId != nil || self.report.productName != nil,
                              validUntil: self.report.validUntil, productField: "productId", untilField: "validUntil")
        }
        try v.finish()
        guard let standard, let report else { throw Problem.validation([]) }
        return Valid(standard: standard, report: report)
    }
}
